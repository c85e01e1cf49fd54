// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pontoon.core.PontoonException;
import io.pontoon.core.model.PortMapping.Protocol;
import io.pontoon.kernel.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortSpecTest
{
    private static PortMapping m(final Protocol p, final String ip, final int h, final int he, final int c)
    {
        return new PortMapping(p, ip == null ? null : IpPrefix.Ip.parse(ip), h, he, c);
    }

    @Test
    void dockerNotations()
    {
        assertEquals(List.of(m(Protocol.TCP, null, 0, 0, 80)), PortSpec.parse("80"));
        assertEquals(List.of(m(Protocol.TCP, null, 8080, 8080, 80)), PortSpec.parse("8080:80"));
        assertEquals(List.of(m(Protocol.UDP, "127.0.0.1", 5353, 5353, 53)), PortSpec.parse("127.0.0.1:5353:53/udp"));
        assertEquals(List.of(m(Protocol.TCP, "127.0.0.1", 0, 0, 80)), PortSpec.parse("127.0.0.1::80"));
        assertEquals(List.of(m(Protocol.TCP, "::1", 8080, 8080, 80)), PortSpec.parse("[::1]:8080:80/tcp"));
        assertEquals(List.of(m(Protocol.TCP, null, 8000, 8000, 80), m(Protocol.TCP, null, 8001, 8001, 81)), PortSpec.parse("8000-8001:80-81"));
        assertEquals(List.of(m(Protocol.TCP, null, 8000, 8010, 80)), PortSpec.parse("8000-8010:80"));
        assertEquals(List.of(m(Protocol.TCP, null, 0, 0, 80), m(Protocol.TCP, null, 0, 0, 81)), PortSpec.parse("80-81"));
    }

    @Test
    void badSpecsSayWhy()
    {
        bad("8000-8001:80-82", "invalid port specification '8000-8001:80-82': host range 8000-8001 and container range 80-82 differ in size");
        bad("70000:80", "invalid port specification '70000:80': port 70000 is out of range 1-65535");
        bad("8080:80/sctp", "unsupported protocol 'sctp': use tcp or udp");
        bad("::1:8080:80", "invalid port specification '::1:8080:80': too many ':' (write IPv6 host addresses in brackets)");
        bad("localhost:8080:80", "invalid port specification 'localhost:8080:80': 'localhost' is not an IP address");
        bad("8080:", "invalid port specification '8080:': no container port");
        bad("90-80", "invalid port specification '90-80': range 90-80 ends before it starts");
        bad("", "empty port specification");
    }

    private static void bad(final String spec, final String message)
    {
        final PontoonException e = assertThrows(PontoonException.class, () -> PortSpec.parse(spec));
        assertEquals(PontoonException.Kind.INVALID, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void toStringIsDockerNotation()
    {
        assertEquals("127.0.0.1:8080:80/tcp", PortSpec.parse("127.0.0.1:8080:80").getFirst().toString());
        assertEquals("[0:0:0:0:0:0:0:1]:8000-8010:80/udp", PortSpec.parse("[::1]:8000-8010:80/udp").getFirst().toString());
        assertEquals(":80/tcp", PortSpec.parse("80").getFirst().toString());
    }
}
