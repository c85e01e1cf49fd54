// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pontoon.api.PortSpec;
import io.pontoon.api.rest.PortView;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatsTest
{
    @Test
    void portsMergeConsecutiveMappings()
    {
        final List<PortView> p = new java.util.ArrayList<>(PortSpec.parse("8000-8002:9000-9002").mappings());
        p.addAll(PortSpec.parse("[::1]:53:53/udp").mappings());
        p.addAll(PortSpec.parse("127.0.0.1:10:20").mappings());
        p.addAll(PortSpec.parse("127.0.0.1:11:22").mappings());
        assertEquals("*:8000-8002->9000-9002/tcp, [::1]:53->53/udp, 127.0.0.1:10->20/tcp, 127.0.0.1:11->22/tcp",
            Formats.ports(p));
        assertEquals("", Formats.ports(List.of()));
    }

    @Test
    void agoAndCommandAndIds()
    {
        final Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals("Less than a second ago", Formats.ago(t, t));
        assertEquals("1 second ago", Formats.ago(t, t.plusSeconds(1)));
        assertEquals("About a minute ago", Formats.ago(t, t.plusSeconds(61)));
        assertEquals("5 minutes ago", Formats.ago(t, t.plusSeconds(300)));
        assertEquals("About an hour ago", Formats.ago(t, t.plusSeconds(3600)));
        assertEquals("30 hours ago", Formats.ago(t, t.plusSeconds(30 * 3600)));
        assertEquals("3 days ago", Formats.ago(t, t.plusSeconds(3 * 86400)));
        assertEquals("\"sleep 1\"", Formats.command(List.of("sleep", "1")));
        assertEquals("\"python3 -m http.s...\"", Formats.command(List.of("python3", "-m", "http.server", "80")));
        assertEquals("abcdef012345", Formats.shortId("abcdef0123456789"));
        assertEquals("abc", Formats.shortId("abc"));
    }
}
