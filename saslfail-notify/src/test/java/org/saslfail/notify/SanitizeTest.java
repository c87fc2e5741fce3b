package org.saslfail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SanitizeTest {
    @Test
    void headerValuesLoseEveryControlCharacter() {
        assertEquals("evilBcc: xy", Sanitize.header("evil\r\nBcc: x\u0000y\u2028"));
    }

    @Test
    void subjectsArePrintableAsciiAndBounded() {
        assertEquals("saslfail: ban of ?? x", Sanitize.subject("saslfail: ban of \u00e4\u20ac\r\n x"));
        assertEquals(Sanitize.MAX_SUBJECT, Sanitize.subject("a".repeat(500)).length());
    }

    @Test
    void htmlEscapesMarkupAndShowsControlCharacters() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;\\u000d\\u000a~!",
                Sanitize.html("<script>alert('x')</script> & \"\r\n~!"));
    }
}
