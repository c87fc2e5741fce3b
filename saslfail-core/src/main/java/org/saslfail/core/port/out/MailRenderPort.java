package org.saslfail.core.port.out;

import java.util.List;
import org.saslfail.core.notify.Message;
import org.saslfail.core.notify.RenderedMail;

/**
 * Turns a planned {@link Message} into mail: the text and HTML bodies, with every header value
 * and text sanitised. Rendering is the mail adapter's; what to say and when is the core's.
 */
public interface MailRenderPort {

    /** The mail to the message's own recipients. */
    RenderedMail render(Message message);

    /** The mail to {@code to} instead. */
    RenderedMail render(Message message, List<String> to);

    /** The plain text alone, for the console: no mail signature (a printed report carries none). */
    String text(Message message);
}
