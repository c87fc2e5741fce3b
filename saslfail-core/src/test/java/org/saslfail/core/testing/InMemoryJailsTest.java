package org.saslfail.core.testing;

import java.util.List;
import org.saslfail.core.model.JailName;

/** The jail-admin contract on the in-memory jails. */
class InMemoryJailsTest implements JailAdminContract {
    private final InMemoryJails jails = new InMemoryJails(List.of(jail(), otherJail()));

    @Override
    public InMemoryJails jails() {
        return jails;
    }

    @Override
    public JailName jail() {
        return JailName.of("saslfail-strike2");
    }

    @Override
    public JailName otherJail() {
        return JailName.of("saslfail-strike3");
    }
}
