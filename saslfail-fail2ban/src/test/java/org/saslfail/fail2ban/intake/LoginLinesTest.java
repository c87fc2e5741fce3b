package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Service;

class LoginLinesTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final LoginLines lines = new LoginLines(UTC, Instant.parse("2026-11-30T12:00:00Z"));

    private Login login(String line) {
        Optional<Login> l = lines.parse(line);
        assertTrue(l.isPresent(), "a login: " + line);
        return l.get();
    }

    @Test
    void aPostfixSaslLoginGivesAddressUserServiceAndTime() {
        Login l = login("Nov 30 10:00:00 vm postfix/smtpd[14012]: 3E6C516808B: client=unknown[10.77.1.2],"
                + " sasl_method=PLAIN, sasl_username=alice@example.org");
        assertEquals(new Login(IpPrefix.parse("10.77.1.2"), Service.POSTFIX, "alice@example.org",
                Instant.parse("2026-11-30T10:00:00Z")), l);
        assertEquals("bob", login("Nov  3 09:05:01 mx postfix/submission/smtpd[7]: 4F2A: client=mail.example.net"
                + "[198.51.100.7]:51234, sasl_method=LOGIN, sasl_username=bob, sasl_sender=bob@example.net").user());
    }

    @Test
    void aDovecotLoginInSyslogOrItsOwnFileOrWithAnIsoTime() {
        Login l = login("Nov 29 23:59:59 mx dovecot: imap-login: Login: user=<carol>, method=PLAIN,"
                + " rip=2001:db8:1:2::77, lip=2001:db8::1, mpid=4242, TLS, session=<abc>");
        assertEquals(new Login(IpPrefix.parse("2001:db8:1:2::/64"), Service.DOVECOT, "carol",
                Instant.parse("2026-11-29T23:59:59Z")), l);
        assertEquals("dave", login("Nov 29 08:00:00 pop3-login: Info: Login: user=<dave>, method=PLAIN, rip=198.51.100.9,"
                + " lip=198.51.100.1").user());
        assertEquals(Instant.parse("2026-11-30T09:00:00.5Z"), login("2026-11-30T10:00:00.500000+01:00 mx dovecot:"
                + " imap-login: Login: user=<erin>, method=PLAIN, rip=198.51.100.9, lip=198.51.100.1").at());
        assertEquals(Instant.parse("2026-11-30T09:00:00Z"), login("2026-11-30T10:00:00+0100 mx postfix/smtpd[1]: AB: "
                + "client=x[198.51.100.9], sasl_method=PLAIN, sasl_username=fred").at());
    }

    @Test
    void aSyslogTimeLaterThanTheLogGetsLastYear() {
        assertEquals(Instant.parse("2025-12-31T23:00:00Z"), login("Dec 31 23:00:00 vm postfix/smtpd[1]: AB: "
                + "client=x[198.51.100.9], sasl_method=PLAIN, sasl_username=fred").at());
    }

    @Test
    void failuresAndAttackerTextNeverPoseAsALogin() {
        for (String line : new String[] {
            "Nov 30 10:00:00 vm postfix/smtpd[1]: warning: unknown[10.77.0.2]: SASL LOGIN authentication failed:"
                    + " UGFzc3dvcmQ6, sasl_username=alice",
            "Nov 30 10:00:00 vm postfix/smtpd[1]: warning: unknown[10.77.0.2]: SASL LOGIN authentication failed:"
                    + " x, sasl_username=postfix/smtpd[1]: AB: client=x[198.51.100.9], sasl_method=PLAIN, sasl_username=eve",
            "Nov 30 10:00:00 vm dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<alice>,"
                    + " method=PLAIN, rip=10.77.0.2, lip=10.77.0.1, Login: user=<x>, method=PLAIN, rip=10.77.0.3,",
            "Nov 30 10:00:00 vm postfix/smtpd[1]: AB: client=x[not-an-ip], sasl_method=PLAIN, sasl_username=fred",
            "Nov 30 10:00:00 vm postfix/smtpd[1]: AB: client=x[198.51.100.9], sasl_method=PLAIN, sasl_username=\t",
            "garbage sasl_username=alice",
            "Nov 30 10:00:00 vm postfix/smtpd[1]: AB: client=x[198.51.100.9], sasl_method=PLAIN, sasl_username="
                    + "x".repeat(5000),
        }) {
            assertEquals(Optional.empty(), lines.parse(line), line);
        }
    }

    @Test
    void aHostileUserNameIsCleanedAndBounded() {
        Login l = login("Nov 30 10:00:00 vm postfix/smtpd[1]: AB: client=x[198.51.100.9], sasl_method=PLAIN,"
                + " sasl_username=<b>x</b>\u001b[31m" + "y".repeat(300));
        assertEquals(Login.MAX_USER, l.user().length());
        assertTrue(l.user().startsWith("<b>x</b>[31my"), l.user());
    }
}
