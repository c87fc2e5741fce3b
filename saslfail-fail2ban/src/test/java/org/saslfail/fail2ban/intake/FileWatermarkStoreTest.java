package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatermarkStoreTest {

    @Test
    void startsAtTheBeginningAndKeepsWhatWasSaved(@TempDir Path dir) {
        FileWatermarkStore store = new FileWatermarkStore(dir.resolve("sub/intake.watermark"));
        assertEquals(Watermark.START, store.load());
        store.save(new Watermark(42, 1_795_881_754L));
        assertEquals(new Watermark(42, 1_795_881_754L), new FileWatermarkStore(dir.resolve("sub/intake.watermark")).load());
    }

    @Test
    void aDamagedFileIsAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("intake.watermark");
        Files.writeString(file, "garbage");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FileWatermarkStore(file).load());
        assertTrue(e.getMessage().startsWith("intake watermark " + file + " is damaged"), e.getMessage());
    }

    @Test
    void watermarkOnlyMovesForward() {
        assertEquals(new Watermark(7, 200), new Watermark(7, 100).max(3, 200));
        assertThrows(IllegalArgumentException.class, () -> new Watermark(-1, 0));
    }
}
