package org.saslfail.fail2ban.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/**
 * One request for the fail2ban socket, built only from fixed command words and validated
 * values. Anyone who can write to that socket is root, so {@link #check} runs again on every
 * word just before it is written: nothing outside these shapes can reach fail2ban.
 */
record Command(List<String> words) {
    /** Enough for a wave of bans in one request, small enough to stay a few KB on the wire. */
    static final int MAX_TARGETS = 1000;

    private static final Set<String> FIXED = Set.of("ping", "status", "set", "get", "banip", "unbanip",
            "--with-time", "banned", "bantime", "reload", "actions");
    // the canonical text of JailName, IpAddress and IpPrefix: letters, digits, . _ - : /
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

    Command {
        words = List.copyOf(words);
        check(words);
    }

    static Command ping() {
        return new Command(List.of("ping"));
    }

    static Command status() {
        return new Command(List.of("status"));
    }

    static Command status(JailName jail) {
        return new Command(List.of("status", jail.value()));
    }

    static Command banIp(JailName jail, Collection<IpPrefix> targets) {
        return withTargets(List.of("set", jail.value(), "banip"), targets);
    }

    static Command unbanIp(JailName jail, Collection<IpPrefix> targets) {
        return withTargets(List.of("set", jail.value(), "unbanip"), targets);
    }

    static Command bannedWithTime(JailName jail) {
        return new Command(List.of("get", jail.value(), "banip", "--with-time"));
    }

    static Command banned(IpAddress ip) {
        return new Command(List.of("banned", ip.toString()));
    }

    static Command banTime(JailName jail) {
        return new Command(List.of("get", jail.value(), "bantime"));
    }

    static Command actions(JailName jail) {
        return new Command(List.of("get", jail.value(), "actions"));
    }

    static Command reload() {
        return new Command(List.of("reload"));
    }

    private static Command withTargets(List<String> head, Collection<IpPrefix> targets) {
        if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("need 1.." + MAX_TARGETS + " addresses, got " + targets.size());
        }
        List<String> words = new ArrayList<>(head);
        for (IpPrefix target : targets) {
            words.add(target.toString());
        }
        return new Command(words);
    }

    /**
     * How many addresses a {@code set JAIL banip|unbanip} command carries (0 for any other): fail2ban
     * runs its action once for each before it answers.
     */
    int targets() {
        boolean banOrUnban = words.size() > 3 && words.get(0).equals("set")
                && (words.get(2).equals("banip") || words.get(2).equals("unbanip"));
        return banOrUnban ? words.size() - 3 : 0;
    }

    /** Rejects any word that is neither a fixed command word nor the canonical text of a validated value. */
    static void check(List<String> words) {
        if (words.isEmpty() || !FIXED.contains(words.get(0))) {
            throw new IllegalArgumentException("not a fail2ban command saslfail sends: "
                    + (words.isEmpty() ? "(empty)" : org.saslfail.core.model.Texts.quoteShort(words.get(0))));
        }
        for (String w : words) {
            if (w == null || !(FIXED.contains(w) || VALUE.matcher(w).matches())) {
                throw new IllegalArgumentException("refusing to send " + org.saslfail.core.model.Texts.quoteShort(w)
                        + " to fail2ban");
            }
        }
    }

    @Override
    public String toString() {
        return String.join(" ", words);
    }
}
