package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Quick start's sample store, read as an administrator would (issue 17): honest lifts, no
 * health of this machine on reports of the past or of other stores, one vocabulary and one JSON
 * schema, times that name their zone, nothing cut off silently, counts that agree, Unix-style
 * usage errors. Real SQLite files; no service is touched.
 */
class AdministratorReportsTest {
    private static final Path SAMPLE = Path.of("../examples/sample/fail2ban.log");

    @TempDir static Path dir;
    static Path db;
    static Cli replay;

    @BeforeAll
    static void replayTheSample() {
        db = dir.resolve("sample.db");
        replay = saslfail("replay", SAMPLE.toString());
        assertEquals(0, replay.code(), replay.toString());
    }

    private static Cli saslfail(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    // ---- early lifts

    @Test
    void bansThatRanOutAreNotReportedAsLiftedEarly() {
        Cli week = saslfail("report", "weekly", "--end", "2026-03-22");
        assertTrue(week.out().contains("== Bans lifted early (0) =="), week.out());
        Cli show = saslfail("show", "192.0.2.9");
        assertFalse(show.out().contains("lifted"), show.out());
        assertTrue(saslfail("report", "weekly", "--end", "2026-03-22", "--json").out().contains("\"lifted_early\": []"));
    }

    // ---- printed reports describe the store and period asked for

    @Test
    void aPrintedReportOfAPastDayOfAnotherStoreStatesNoHealthAndCarriesNoSignature() {
        Cli daily = saslfail("report", "daily", "--date", "2026-03-22");
        assertEquals(0, daily.code(), daily.toString());
        assertFalse(daily.out().contains("WARNING") || daily.out().contains("NOT RUNNING"), daily.out());
        assertFalse(daily.out().contains("-- \nsaslfail"), daily.out());
        String json = saslfail("report", "daily", "--date", "2026-03-22", "--json").out();
        assertTrue(json.contains("\"fail2ban_running\": null") && json.contains("\"daemon_running\": null"), json);
    }

    // ---- one vocabulary, one JSON schema

    @Test
    void everyJsonDocumentCarriesTheSchemaVersionAndItsCommand() {
        List<List<String>> commands = List.of(List.of("status"), List.of("list"), List.of("show", "192.0.2.9"),
                List.of("report", "summary"), List.of("report", "by-ip"), List.of("report", "by-date"),
                List.of("report", "daily", "--date", "2026-03-22"), List.of("report", "weekly", "--end", "2026-03-22"),
                List.of("blacklist"), List.of("replay", SAMPLE.toString()));
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(c);
            args.add("--json");
            Cli r = saslfail(args.toArray(String[]::new));
            assertEquals(0, r.code(), c + ": " + r);
            String name = c.get(0).equals("report") ? "report " + c.get(1) : c.get(0);
            assertTrue(r.out().startsWith("{\n  \"schema_version\": 1,\n  \"command\": \"" + name + "\""), c + ": " + r.out());
            assertFalse(Pattern.compile("\"[^\"]* [^\"]*\": ").matcher(r.out()).find(), c + ": a key with a space " + r.out());
            assertFalse(r.out().contains("\"offenses_total\""), c + ": " + r.out());
        }
    }

    @Test
    void offenderIsAlwaysANetworkWithItsLengthAndIpAlwaysAHost() {
        String list = saslfail("list", "--ip", "198.51.100.0/24", "--json").out();
        assertTrue(list.contains("\"ip\": null,\n      \"offender\": \"198.51.100.0/24\",\n      \"action\": \"subnet-ban\""), list);
        assertTrue(list.contains("\"ip\": \"198.51.100.17\",\n      \"offender\": \"198.51.100.17/32\""), list);
        String table = saslfail("list", "--ip", "198.51.100.0/24").out();
        assertTrue(Pattern.compile("198\\.51\\.100\\.0/24 +subnet-ban").matcher(table).find(), table);
        String byIp = saslfail("report", "by-ip", "--json").out();
        assertTrue(byIp.contains("\"offender\": \"198.51.100.0/24\"") && !byIp.contains("\"ip\":"), byIp);
        String blacklist = saslfail("blacklist", "--json", "--min-strike", "3", "--threshold", "1", "--since", "2026-01-01").out();
        assertTrue(blacklist.contains("\"offender\": \"198.51.100.0/24\"") && !blacklist.contains("\"ip\":"), blacklist);
    }

    @Test
    void durationsAreWholeSecondsNextToUtcInstants() {
        String show = saslfail("show", "192.0.2.9", "--json").out();
        assertEquals(365L * 86400, number(show, "forget_after_seconds"), show);
        assertEquals(32L * 86400, number(show, "next_ban_seconds"), show);
        assertTrue(show.contains("\"ban_seconds\": 172800,\n      \"expires_at\": \"2026-03-18T00:07:19"), show);
        assertFalse(show.contains("\"32d\"") || show.contains("\"365d\""), show);
    }

    @Test
    void statusAndByIpUseOffensesForAllOnRecordAndCountingForThoseThatStillCount() throws IOException {
        // a ban running now, with one offense on record that no longer counts
        Path log = dir.resolve("now.log");
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
        Instant now = Instant.now();
        Files.write(log, List.of(
                f.format(now.minusSeconds(400L * 86400)) + ",000 fail2ban.actions [1]: NOTICE  [saslfail-postfix] Ban 203.0.113.77",
                f.format(now.minusSeconds(3600)) + ",000 fail2ban.actions [1]: NOTICE  [saslfail-postfix] Ban 203.0.113.77"));
        Path other = dir.resolve("now.db");
        assertEquals(0, Cli.run("replay", "--tz", "UTC", "--db", other.toString(), log.toString()).code());
        Cli status = Cli.run("status", "--db", other.toString());
        assertTrue(status.out().lines().findFirst().orElseThrow().matches(".*OFFENSES +COUNTING$"), status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.matches("203\\.0\\.113\\.77 .* 2 +1$")), status.out());
        String json = Cli.run("status", "--db", other.toString(), "--json").out();
        assertEquals(2, number(json, "offenses"), json);
        assertEquals(1, number(json, "counting_offenses"), json);
        String byIp = Cli.run("report", "by-ip", "--db", other.toString(), "--json").out();
        assertEquals(2, number(byIp, "offenses"), byIp);
        assertEquals(1, number(byIp, "counting_offenses"), byIp);
    }

    // ---- times

    @Test
    void tablesNameTheirTimeZoneAndTheHelpSaysHowADateIsRead() {
        ZoneId here = ZoneId.systemDefault();
        String zone = here.normalized().equals(ZoneOffset.UTC) ? "UTC" : here.getId();
        assertTrue(saslfail("list").out().startsWith("TIME (" + zone + ")"), saslfail("list").out());
        assertTrue(saslfail("report", "by-ip").out().lines().findFirst().orElseThrow().contains("FIRST (" + zone + ")"));
        assertTrue(saslfail("show", "192.0.2.9").out().contains("TIME (" + zone + ")"));
        String help = Cli.run("list", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("2026-03-01 (midnight starting that day in this machine's time zone"), help);
    }

    @Test
    void durationsAgoAreAcceptedWhereverATimeIsTaken() {
        for (String since : List.of("7d ago", "7d", "400d ago")) {
            Cli list = saslfail("list", "--since", since);
            assertEquals(0, list.code(), since + ": " + list);
            Cli blacklist = saslfail("blacklist", "--since", since);
            assertEquals(0, blacklist.code(), since + ": " + blacklist);
        }
        assertEquals(2, saslfail("list", "--since", "7 fortnights ago").code());
    }

    // ---- nothing cut off silently

    @Test
    void statusCutByLimitListsTheFirstBansSaysHowManyRunAndWhatItLeftOut() {
        Cli all = saslfail("status", "--at", "2026-03-20T12:00Z");
        assertEquals(0, all.code(), all.toString());
        long rows = all.out().lines().filter(l -> l.matches("^[0-9a-f.:/]+ +\\d .*")).count();
        assertTrue(rows > 3, "the sample has bans running then: " + all.out());
        assertEquals("", all.err(), "into a pipe, status prints every running ban");
        Cli two = saslfail("status", "--at", "2026-03-20T12:00Z", "--limit", "2");
        // the same rows, padded to the narrower table
        List<String> head = all.out().lines().skip(1).limit(2).map(l -> l.replaceAll("\\s+", " ")).toList();
        assertEquals(head, two.out().lines().skip(1).limit(2).map(l -> l.replaceAll("\\s+", " ")).toList(),
                "the first two of the whole list");
        assertTrue(two.out().contains(rows + " active bans at "), two.out());
        assertEquals("… " + (rows - 2) + " more (use --limit)\n", two.err());
        String json = saslfail("status", "--at", "2026-03-20T12:00Z", "--limit", "2", "--json").out();
        assertEquals(rows, number(json, "active_bans"));
        assertEquals(rows - 2, number(json, "left_out"));
        assertEquals(2, saslfail("status", "--limit", "0").code());
    }

    @Test
    void aCutListSaysOnStandardErrorHowManyRowsItLeftOut() {
        String json = saslfail("list", "--json").out();
        assertEquals(0, number(json, "left_out"), "into a pipe, list prints every event");
        String all = saslfail("list").out();
        assertTrue(all.lines().count() > 700, "every event, not the first 100: " + all.lines().count());
        Cli five = saslfail("list", "--limit", "5");
        assertEquals(6, five.out().lines().count(), five.out());
        assertEquals("… " + (all.lines().count() - 1 - 5) + " more (use --limit)\n", five.err());
        Cli top = saslfail("report", "by-ip", "--limit", "3");
        assertTrue(top.err().matches("… \\d+ more \\(use --limit\\)\n"), top.err());
        assertEquals(2, saslfail("list", "--limit", "0").code());
    }

    @Test
    void aListCutFromMoreEventsThanItCountsSaysOverHowManyNeverAWrongExactNumber() throws IOException {
        // 10,100 bans: 50 listed leaves 10,050, past the count's cap; 200 listed leaves an exact 9,900
        List<String> legacy = new ArrayList<>(List.of("timestamp|ip|jail|action|strike_level|notified"));
        DateTimeFormatter time = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 10_100; i++) {
            legacy.add(time.format(start.plusSeconds(60L * i)) + "|198.18." + (i / 250) + "." + (i % 250 + 1)
                    + "|postfix-sasl-first|ban|1|1");
        }
        Path big = dir.resolve("big.db");
        Cli load = Cli.run("import-legacy", Files.write(dir.resolve("big-history.txt"), legacy).toString(), "--db", big.toString());
        assertEquals(0, load.code(), load.toString());

        Cli cut = Cli.run("list", "--limit", "50", "--db", big.toString());
        assertEquals(51, cut.out().lines().count(), cut.out());
        assertEquals("… over 10000 more (use --limit or --since)\n", cut.err());
        String json = Cli.run("list", "--limit", "50", "--json", "--db", big.toString()).out();
        assertTrue(json.contains("\"left_out\": null"), json);
        assertEquals(10_000, number(json, "left_out_more_than"));

        Cli counted = Cli.run("list", "--limit", "200", "--db", big.toString());
        assertEquals("… 9900 more (use --limit)\n", counted.err());
        String exact = Cli.run("list", "--limit", "200", "--json", "--db", big.toString()).out();
        assertEquals(9_900, number(exact, "left_out"));
        assertTrue(exact.contains("\"left_out_more_than\": null"), exact);
    }

    // ---- counts line up

    @Test
    void replayAndReportSummaryGiveTheSameFactsTheSameNumbersAndNames() {
        String s = saslfail("report", "summary", "--json").out();
        Cli first = replay;
        String r = Cli.run("replay", SAMPLE.toString(), "--json", "--db", dir.resolve("json.db").toString()).out();
        assertTrue(first.out().contains("Offenses:"), first.out());
        long offenses = Long.parseLong(first.out().lines().filter(l -> l.startsWith("Offenses:")).findFirst().orElseThrow()
                .replaceAll("\\D", ""));
        assertEquals(number(s, "offenses"), offenses, first.out() + s);
        for (String key : List.of("restores", "repeats_while_banned")) {
            assertEquals(number(s, key), number(r, key), key);
        }
        assertEquals(0, number(r, "not_watched"), "saslfail's own tier jails are no 'other jails': " + r);
        assertEquals(55, number(r, "tier_jail_bans"), r);
        String text = saslfail("report", "summary").out();
        List<Integer> columns = text.lines().map(l -> l.length() - l.replaceFirst("^.*?:\\s+", "").length()).distinct().toList();
        assertEquals(1, columns.size(), "every figure in one column:\n" + text);
    }

    // ---- usage errors the Unix way

    @Test
    void usageErrorsAreOneLineWithTheCommandsHelpToTry() {
        Cli typo = Cli.run("stauts");
        assertEquals(2, typo.code());
        assertEquals("saslfail: unknown command 'stauts' (did you mean 'status'?). Try 'saslfail --help'.\n", typo.err());
        Cli option = Cli.run("list", "--limt", "5");
        assertEquals(2, option.code());
        assertEquals("saslfail: unknown option '--limt' (did you mean '--limit'?). Try 'saslfail list --help'.\n", option.err());
        Cli missing = Cli.run("show");
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("saslfail: ") && missing.err().contains("Try 'saslfail show --help'"), missing.err());
        assertEquals("", typo.out() + option.out() + missing.out());
    }

    // ---- blacklist

    @Test
    void anEmptyBlacklistSaysSoOnStandardError() {
        Cli none = saslfail("blacklist", "--threshold", "9");
        assertEquals(0, none.code());
        assertEquals("", none.out());
        assertTrue(none.err().startsWith("No repeat offenders"), none.err());
    }

    @Test
    void nftAndIpsetOutputNameTheSameSetsAndSayHowToDropWithThem() {
        String nft = saslfail("blacklist", "--format", "nft", "--since", "2026-01-01", "--min-strike", "2").out();
        assertTrue(nft.contains("#   add rule inet saslfail_blacklist input ip saddr @saslfail_blacklist_v4 drop"), nft);
        String ipset = saslfail("blacklist", "--format", "ipset", "--since", "2026-01-01", "--min-strike", "2").out();
        assertTrue(ipset.contains("create saslfail_blacklist_v4 hash:net family inet -exist"), ipset);
        assertTrue(ipset.contains("--match-set saslfail_blacklist_v4 src -j DROP"), ipset);
    }
}
