package org.saslfail.fail2ban.intake;

/** Where the intake keeps its {@link Watermark} between runs (a file, or a row in saslfail's store). */
public interface WatermarkStore {

    /** The last saved watermark, or {@link Watermark#START} when none was saved. */
    Watermark load();

    /** Saves the watermark durably; called after the events up to it were handed on. */
    void save(Watermark watermark);
}
