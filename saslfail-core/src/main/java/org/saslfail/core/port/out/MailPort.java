package org.saslfail.core.port.out;

import org.saslfail.core.notify.RenderedMail;

/** Hands one rendered mail to the mail transfer agent. */
public interface MailPort {

    /**
     * Delivers {@code mail}; returning normally means the MTA accepted it.
     *
     * @throws MailDeliveryException when the MTA is unreachable or refused the mail
     */
    void deliver(RenderedMail mail);
}
