package org.saslfail.fail2ban.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Keeps the watermark in a small text file ({@code ROWID TIMEOFBAN}), replaced atomically on each save. */
public final class FileWatermarkStore implements WatermarkStore {
    private final Path file;

    public FileWatermarkStore(Path file) {
        this.file = file;
    }

    @Override
    public Watermark load() {
        if (!Files.exists(file)) {
            return Watermark.START;
        }
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            return new Watermark(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read intake watermark " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("intake watermark " + file + " is damaged (delete it to re-read "
                    + "fail2ban's database; events already recorded are not counted twice)", e);
        }
    }

    @Override
    public void save(Watermark watermark) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            byte[] text = (watermark.rowId() + " " + watermark.timeOfBan() + "\n").getBytes(StandardCharsets.US_ASCII);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(text));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save intake watermark " + file + ": " + e.getMessage(), e);
        }
    }
}
