// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.pontoon.api.rest.PortView;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortSpecTest
{
    @Test
    void hostAndContainerPort()
    {
        final PortSpec p = PortSpec.parse("8080:80");
        assertNull(p.hostIp());
        assertEquals(8080, p.hostPort());
        assertEquals(80, p.containerPort());
        assertEquals("tcp", p.protocol());
        assertEquals(1, p.count());
        assertEquals("8080:80/tcp", p.toString());
        assertEquals(List.of(new PortView(null, 8080, 80, "tcp")), p.mappings());
    }

    @Test
    void ipv4HostAddressAndUdp()
    {
        final PortSpec p = PortSpec.parse("127.0.0.1:8080:80/udp");
        assertEquals("127.0.0.1", p.hostIp().getHostAddress());
        assertEquals("udp", p.protocol());
        assertEquals("127.0.0.1:8080:80/udp", p.toString());
        assertEquals(List.of(new PortView("127.0.0.1", 8080, 80, "udp")), p.mappings());
    }

    @Test
    void rangesOfEqualLength()
    {
        final PortSpec p = PortSpec.parse("8000-8010:9000-9010");
        assertEquals(11, p.count());
        final List<PortView> m = p.mappings();
        assertEquals(new PortView(null, 8000, 9000, "tcp"), m.get(0));
        assertEquals(new PortView(null, 8010, 9010, "tcp"), m.get(10));
        assertEquals("8000-8010:9000-9010/tcp", p.toString());
    }

    @Test
    void wildcardAndIpv6HostAddresses()
    {
        assertEquals("0.0.0.0:80:80/tcp", PortSpec.parse("0.0.0.0:80:80").toString());
        final PortSpec v6 = PortSpec.parse("[::1]:80:80");
        assertEquals("[::1]:80:80/tcp", v6.toString());
        assertEquals("::1", v6.mappings().get(0).hostIp());
        assertEquals("[2001:db8::1]:53:53/udp", PortSpec.parse("[2001:DB8:0:0::1]:53:53/udp").toString());
        assertEquals("[::]:1-2:3-4/tcp", PortSpec.parse("[::]:1-2:3-4/tcp").toString());
    }

    @Test
    void noHostPortLeavesTheChoiceToTheDaemon()
    {
        final PortSpec p = PortSpec.parse("80");
        assertTrue(p.ephemeral());
        assertEquals(0, p.hostPort());
        assertEquals("80/tcp", p.toString());
        assertEquals(List.of(new PortView(null, 0, 80, "tcp")), p.mappings());
        assertEquals("127.0.0.1::80/udp", PortSpec.parse("127.0.0.1::80/udp").toString());
        assertEquals("127.0.0.1", PortSpec.parse("127.0.0.1::80/udp").mappings().get(0).hostIp());
        assertEquals("80/tcp", PortSpec.parse(":80").toString());
        final PortSpec range = PortSpec.parse("8000-8002");
        assertEquals(3, range.count());
        assertEquals(List.of(new PortView(null, 0, 8000, "tcp"), new PortView(null, 0, 8001, "tcp"),
            new PortView(null, 0, 8002, "tcp")), range.mappings());
    }

    @Test
    void aHostRangeForOneContainerPortTakesTheFirstFreePortOfTheRange()
    {
        final PortSpec p = PortSpec.parse("8000-8010:80");
        assertTrue(p.hostRange());
        assertFalse(p.ephemeral());
        assertEquals(1, p.count());
        assertEquals("8000-8010:80/tcp", p.toString());
        assertEquals(List.of(new PortView(null, 8000, 80, "tcp")), p.mappings());
        assertFalse(PortSpec.parse("8000-8001:80-81").hostRange());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "80:|invalid publish spec '80:': container port missing",
        ":|invalid publish spec ':': container port missing",
        "127.0.0.1:|invalid publish spec '127.0.0.1:': container port missing",
        "0:80|invalid publish spec '0:80': port 0 is out of range 1-65535",
        "65536:80|invalid publish spec '65536:80': port 65536 is out of range 1-65535",
        "80:99999|invalid publish spec '80:99999': port 99999 is out of range 1-65535",
        "http:80|invalid publish spec 'http:80': 'http' is not a port number",
        "8000-8010:9000-9005|invalid publish spec '8000-8010:9000-9005': host range 8000-8010 (11 ports) and container range 9000-9005 (6 ports) must have equal length",
        "8000-8001:80-82|invalid publish spec '8000-8001:80-82': host range 8000-8001 (2 ports) and container range 80-82 (3 ports) must have equal length",
        "90-80:90-80|invalid publish spec '90-80:90-80': port range 90-80 ends before it starts",
        "1-2-3:1-2-3|invalid publish spec '1-2-3:1-2-3': '2-3' is not a port number",
        "80:80/sctp|invalid publish spec '80:80/sctp': protocol 'sctp' is not tcp or udp",
        "80:80/|invalid publish spec '80:80/': protocol missing after '/'",
        "80:80/TCP|invalid publish spec '80:80/TCP': protocol 'TCP' is not tcp or udp",
        "localhost:80:80|invalid publish spec 'localhost:80:80': 'localhost' is not an IP address",
        "127.1:80:80|invalid publish spec '127.1:80:80': '127.1' is not an IP address",
        "010.0.0.1:80:80|invalid publish spec '010.0.0.1:80:80': '010.0.0.1' is not an IP address",
        "256.0.0.1:80:80|invalid publish spec '256.0.0.1:80:80': '256.0.0.1' is not an IP address",
        "::1:80:80|invalid publish spec '::1:80:80': an IPv6 host address must be in brackets, e.g. [::1]:8080:80",
        "[::1:80:80|invalid publish spec '[::1:80:80': missing ']' after the IPv6 host address",
        "[::1]80:80|invalid publish spec '[::1]80:80': expected ':' after ']'",
        "[::1]:|invalid publish spec '[::1]:': ports missing",
        "[127.0.0.1]:80:80|invalid publish spec '[127.0.0.1]:80:80': '127.0.0.1' is not an IPv6 address",
        "[::ffff:1.2.3.4]:80:80|invalid publish spec '[::ffff:1.2.3.4]:80:80': '::ffff:1.2.3.4' is an IPv4-mapped IPv6 address; write the IPv4 address",
        "[fe80::1%1]:80:80|invalid publish spec '[fe80::1%1]:80:80': 'fe80::1%1' is not an IPv6 address",
        "[::1]:1:2:3|invalid publish spec '[::1]:1:2:3': too many ':'",
        "1.2.3.4:1:2:3|invalid publish spec '1.2.3.4:1:2:3': too many ':'",
        "+80:80|invalid publish spec '+80:80': '+80' is not a port number",
    })
    void badSpecsNameTheSpecAndTheReason(final String spec, final String message)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortSpec.parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void emptySpec()
    {
        assertEquals("invalid publish spec '': empty",
            assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("")).getMessage());
    }

    @Test
    void parseAllStopsAtTheFirstBadSpec()
    {
        assertEquals(2, PortSpec.parseAll(List.of("1:1", "2:2/udp")).size());
        assertThrows(IllegalArgumentException.class, () -> PortSpec.parseAll(List.of("1:1", "x")));
    }

    @Test
    void ipLiteralsFormatIpv6Canonically()
    {
        assertEquals("2001:db8::1:0:0:1", IpLiterals.format(IpLiterals.parse("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpLiterals.format(IpLiterals.parse("2001:db8:0:1:1:1:1:1")));
        assertEquals("::", IpLiterals.format(IpLiterals.parse("::")));
        assertEquals("fe80::", IpLiterals.format(IpLiterals.parse("fe80:0::")));
        assertEquals("10.0.0.1", IpLiterals.format(IpLiterals.parse("10.0.0.1")));
    }
}
