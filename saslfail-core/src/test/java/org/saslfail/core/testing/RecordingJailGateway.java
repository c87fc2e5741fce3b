package org.saslfail.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;

/** A {@link JailGateway} that records every command as "ban JAIL TARGET" or "unban JAIL TARGET", in order. */
public final class RecordingJailGateway implements JailGateway {
    private final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void ban(JailName jail, IpPrefix target) {
        calls.add("ban " + jail + " " + target);
    }

    @Override
    public synchronized void unban(JailName jail, IpPrefix target) {
        calls.add("unban " + jail + " " + target);
    }

    /** The commands so far; a live view, cleared with {@code calls().clear()}. */
    public List<String> calls() {
        return calls;
    }
}
