package org.saslfail.notify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.config.Settings;
import org.saslfail.core.notify.NotifyMode;

/** The notify.* settings this module reads, typed once. */
record NotifySettings(NotifyMode mode, List<String> to, String from, String smtpHost, int smtpPort, boolean starttls,
                      String smtpUser, Path passwordFile, Path sendmail, int listLimit) {

    static NotifySettings of(Settings s) {
        return new NotifySettings(NotifyMode.parse(s.require("notify.mode")), List.of(s.require("notify.to")),
                s.require("notify.from"), s.require("notify.smtp.host"), s.integer("notify.smtp.port"),
                s.bool("notify.smtp.starttls"), s.get("notify.smtp.user").orElse(null),
                s.get("notify.smtp.password_file").map(Path::of).orElse(null),
                s.get("notify.sendmail").map(Path::of).orElse(null), s.integer("notify.list_limit"));
    }

    Optional<Path> sendmailOpt() {
        return Optional.ofNullable(sendmail);
    }
}
