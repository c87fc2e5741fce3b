package org.saslfail.fail2ban.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.config.ConfigException;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.Service;

class JailConfigWriterTest {
    private static final Map<Service, LogSource> LOGS = Map.of(Service.POSTFIX, LogSource.file(Path.of("/var/log/mail.log")),
            Service.DOVECOT, LogSource.file(Path.of("/var/log/dovecot.log")));

    @Test
    void defaultsGiveTwoStrikeOneJailsAndTwoTiersWithTheLadderTimes() {
        List<JailSpec> jails = new JailConfigWriter(Settings.defaults()).jails();
        assertEquals(List.of("saslfail-postfix 172800", "saslfail-dovecot 172800", "saslfail-strike2 691200",
                "saslfail-strike3 2764800"), jails.stream().map(j -> j.name() + " " + j.bantime()).toList());
        assertEquals(List.of(true, true, false, false), jails.stream().map(JailSpec::strikeOne).toList());
    }

    @Test
    void strikeOneJailReadsItsLogWithMaxretryAndFindtime() {
        String text = new JailConfigWriter(Settings.defaults().with("maxretry", "3").with("findtime", "1h")).render(LOGS);
        String postfix = section(text, "saslfail-postfix");
        assertTrue(postfix.contains("filter            = saslfail-postfix\n"), postfix);
        assertTrue(postfix.contains("logpath           = /var/log/mail.log\n"), postfix);
        assertTrue(postfix.contains("maxretry          = 3\n"), postfix);
        assertTrue(postfix.contains("findtime          = 3600\n"), postfix);
        assertTrue(postfix.contains("bantime           = 172800\n"), postfix);
        assertTrue(postfix.contains("bantime.increment = false\n"), postfix);
    }

    @Test
    void tierJailsUseTheDummyFilterAndBlockEveryEnabledPort() {
        String strike3 = section(new JailConfigWriter(Settings.defaults()).render(LOGS), "saslfail-strike3");
        assertTrue(strike3.contains("filter            = saslfail-dummy\n"), strike3);
        assertTrue(strike3.contains("bantime           = 2764800\n"), strike3);
        assertTrue(strike3.contains("action            = saslfail-nftables[type=multiport, "
                + "port=\"25,465,587,110,143,993,995,4190\", protocol=\"tcp\"]\n"), strike3);
        assertTrue(strike3.contains("ignoreip          = 127.0.0.0/8 ::1 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16\n"),
                strike3);
    }

    @Test
    void onlyEnabledServicesGetJailsAndPorts() {
        String text = new JailConfigWriter(Settings.defaults().with("services", "postfix")).render(
                Map.of(Service.POSTFIX, LogSource.journal()));
        assertFalse(text.contains("[saslfail-dovecot]"), text);
        assertTrue(text.contains("port=\"25,465,587\""), text);
        assertTrue(section(text, "saslfail-postfix").contains("backend           = systemd\n"), text);
        assertFalse(section(text, "saslfail-postfix").contains("logpath"), text);
    }

    @Test
    void permanentJailAppearsWhenPermanentAfterIsSet() {
        Settings s = Settings.defaults().with("permanent_after", "4");
        assertTrue(section(new JailConfigWriter(s).render(LOGS), "saslfail-permanent")
                .contains("bantime           = -1\n"));
        assertFalse(new JailConfigWriter(Settings.defaults()).render(LOGS).contains("saslfail-permanent"));
    }

    @Test
    void ladderOfFourStepsGivesThreeTierJails() {
        List<JailSpec> jails = new JailConfigWriter(Settings.defaults().with("ladder", "4s, 8s, 16s, 32s")).jails();
        assertEquals(List.of("saslfail-postfix", "saslfail-dovecot", "saslfail-strike2", "saslfail-strike3",
                "saslfail-strike4"), jails.stream().map(j -> j.name().value()).toList());
        assertEquals(32, jails.get(4).bantime());
    }

    @Test
    void configuredLogWinsOverTheDetectedOne() {
        String text = new JailConfigWriter(Settings.defaults().with("log.postfix", "/var/log/postfix.log")).render(LOGS);
        assertTrue(section(text, "saslfail-postfix").contains("logpath           = /var/log/postfix.log\n"));
    }

    @Test
    void missingLogLocationNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new JailConfigWriter(Settings.defaults()).render(Map.of(Service.POSTFIX, LOGS.get(Service.POSTFIX))));
        assertTrue(e.getMessage().contains("key 'log.dovecot'"), e.getMessage());
    }

    @Test
    void hostileValuesCannotInjectConfigLines() {
        assertThrows(ConfigException.class, () -> new JailConfigWriter(
                Settings.defaults().with("fail2ban.banaction", "dummy\n[sshd]\nenabled = false")));
        assertThrows(ConfigException.class, () -> new JailConfigWriter(
                Settings.defaults().with("fail2ban.banaction", "x[actionban=reboot]")));
        assertThrows(ConfigException.class, () -> new JailConfigWriter(
                Settings.defaults().with("log.postfix", "/var/log/a.log\nenabled = false")).render(LOGS));
        assertThrows(IllegalArgumentException.class, () -> LogSource.file(Path.of("/var/log/%(x)s")));
        assertThrows(IllegalArgumentException.class, () -> LogSource.file(Path.of("relative.log")));
        assertThrows(IllegalArgumentException.class, () -> new JailConfigWriter(Settings.defaults())
                .withBanactionOptions(Map.of("table", "x\", actionban=\"reboot")));
    }

    @Test
    void otherBanactionsAreUsedAsTheyAre() {
        String text = new JailConfigWriter(Settings.defaults().with("fail2ban.banaction", "iptables-ipset-proto6"))
                .withBanactionOptions(Map.of("blocktype", "DROP")).render(LOGS);
        assertTrue(text.contains("action            = iptables-ipset-proto6[port=\"25,465,587,110,143,993,995,4190\", "
                + "protocol=\"tcp\", blocktype=\"DROP\"]\n"), text);
    }

    @Test
    void writesJailFiltersAndActionAtomically(@TempDir Path dest) throws Exception {
        Files.createDirectories(dest.resolve("jail.d"));
        Files.writeString(dest.resolve("jail.d/saslfail.conf"), "old");
        List<Path> written = new JailConfigWriter(Settings.defaults()).write(dest, LOGS);
        assertEquals(List.of("filter.d/saslfail-postfix.conf", "filter.d/saslfail-dovecot.conf",
                "filter.d/saslfail-dummy.conf", "action.d/saslfail-nftables.conf", "jail.d/saslfail.conf"),
                written.stream().map(p -> dest.relativize(p).toString()).toList());
        assertTrue(Files.readString(dest.resolve("jail.d/saslfail.conf")).contains("[saslfail-strike2]"));
        try (var left = Files.list(dest.resolve("jail.d"))) {
            assertEquals(1, left.count(), "no temp file may stay behind");
        }
    }

    private static String section(String text, String jail) {
        int start = text.indexOf("[" + jail + "]\n");
        assertTrue(start >= 0, () -> jail + " missing in\n" + text);
        int end = text.indexOf("\n[", start + 1);
        return text.substring(start, end < 0 ? text.length() : end + 1);
    }
}
