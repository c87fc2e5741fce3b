package org.saslfail.fail2ban.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.saslfail.core.port.in.ReplayUseCase.Ban;
import org.saslfail.core.port.in.ReplayUseCase.Blank;
import org.saslfail.core.port.in.ReplayUseCase.LogLine;
import org.saslfail.core.port.in.ReplayUseCase.Skipped;

/**
 * fail2ban log files, oldest first, as the replay use case reads them: one {@link LogLine} per
 * line, each file opened in turn and closed at its end (or by {@link #close()}). Stray bytes are
 * replaced rather than stopping the read. A read error surfaces as {@link UncheckedIOException}.
 */
public final class Fail2banLogs implements Iterator<LogLine>, AutoCloseable {
    private final Iterator<Path> files;
    private final Fail2banLogParser parser;
    private BufferedReader in;
    private String next;

    /** @param zone the time zone of the logs' times */
    public Fail2banLogs(List<Path> files, ZoneId zone) {
        this.files = List.copyOf(files).iterator();
        this.parser = new Fail2banLogParser(zone);
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null) {
                if (in == null) {
                    if (!files.hasNext()) {
                        return false;
                    }
                    in = reader(files.next());
                }
                next = in.readLine();
                if (next == null) {
                    in.close();
                    in = null;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public LogLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String line = next;
        next = null;
        Fail2banLogParser.Line parsed = parser.parse(line);
        if (parsed instanceof Fail2banLogParser.Event e) {
            return new Ban(e.event());
        }
        return line.isBlank() ? new Blank() : new Skipped(((Fail2banLogParser.Skipped) parsed).reason());
    }

    @Override
    public void close() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // only read from
            }
            in = null;
        }
    }

    private static BufferedReader reader(Path f) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(f),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }
}
