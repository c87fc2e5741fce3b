package org.saslfail.core.port.out;

import java.util.List;
import org.saslfail.core.notify.BanNotice;

/**
 * The notices waiting in smart mode's 5-minute alert window, kept durably so that a daemon
 * restarted inside the window still sends them after it (not only in the daily summary).
 */
public interface AlertWindowPort {

    /** Keeps a notice until {@link #release()}. */
    void hold(BanNotice notice);

    /** Every notice kept, in the order they were held. */
    List<BanNotice> held();

    /** Forgets every notice kept: their alert is in the outbox (or they wait for the summary). */
    void release();
}
