package org.saslfail.fail2ban.client;

import java.io.IOException;
import java.io.InputStream;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for replies that are already wholly in memory: every length a pickle opcode
 * announces (a string, bytes, a frame, a long) must fit in the bytes that are left, so a forged
 * header cannot make it allocate gigabytes before finding out that the data is not there.
 * Needs an input that supports mark/reset and tells what is left (a ByteArrayInputStream).
 */
final class BoundedUnpickler extends Unpickler {
    private static final short BINSTRING = 'T';
    private static final short BINUNICODE = 'X';
    private static final short BINBYTES = 'B';
    private static final short LONG4 = 0x8a;
    private static final short BINUNICODE8 = 0x8d;
    private static final short BINBYTES8 = 0x8e;
    private static final short FRAME = 0x95;
    private static final short BYTEARRAY8 = 0x96;

    @Override
    public Object load(InputStream stream) throws PickleException, IOException {
        if (!stream.markSupported()) {
            throw new IllegalArgumentException("a bounded unpickler needs an in-memory stream");
        }
        return super.load(stream);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        int width = switch (key) {
            case BINSTRING, BINUNICODE, BINBYTES, LONG4 -> 4;
            case BINUNICODE8, BINBYTES8, FRAME, BYTEARRAY8 -> 8;
            default -> 0;
        };
        if (width > 0) {
            checkLength(key, width);
        }
        return super.dispatch(key);
    }

    private void checkLength(short key, int width) throws IOException {
        input.mark(width);
        byte[] b = input.readNBytes(width);
        input.reset();
        if (b.length < width) {
            throw new PickleException("pickle cut off in the length of opcode 0x" + Integer.toHexString(key));
        }
        long length = 0;
        for (int i = width - 1; i >= 0; i--) {
            length = (length << 8) | (b[i] & 0xff);
        }
        if (width == 4 && (key == BINSTRING || key == LONG4)) {
            length = (int) length; // signed
        }
        long left = input.available() - width;
        if (length < 0 || length > left) {
            throw new PickleException("pickle announces " + length + " bytes for opcode 0x" + Integer.toHexString(key)
                    + " with only " + left + " left");
        }
    }
}
