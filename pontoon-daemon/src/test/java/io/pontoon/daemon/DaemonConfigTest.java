// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon;

import io.pontoon.kernel.net.IpPrefix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pontoon daemon} flags: defaults, {@code --help}, and one clear line for every bad flag. */
class DaemonConfigTest
{
    /** Parses {@code args} after {@code --docker-plugin off}, so nothing depends on this machine's /run/docker. */
    private static DaemonConfig parse(final String... args)
    {
        final List<String> a = new ArrayList<>(List.of("--docker-plugin", "off"));
        a.addAll(List.of(args));
        return DaemonConfig.parse(a.toArray(String[]::new));
    }

    private static String refused(final String... args)
    {
        final DaemonConfig.UsageException e = assertThrows(DaemonConfig.UsageException.class, () -> parse(args));
        assertFalse(e.getMessage().isEmpty(), "a refusal has a message (empty means --help)");
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void noFlagsGiveTheDefaults()
    {
        final DaemonConfig c = parse();
        assertEquals(DaemonConfig.DEFAULT_STATE_DIR, c.stateDir());
        assertEquals(DaemonConfig.DEFAULT_SOCKET, c.socket());
        assertEquals(DaemonConfig.DEFAULT_RUN_DIR, c.runDir());
        assertEquals(Path.of("/run/pontoon/netns"), c.netnsDir());
        assertNull(c.defaultBridgeSubnet(), "the daemon chooses the bridge subnet itself");
        assertNull(c.dockerPluginDir());
        assertNull(c.cluster());
    }

    @Test
    void helpIsAnEmptyUsageExceptionWhereverItStands()
    {
        for (final String[] args : new String[][] {{"--help"}, {"-h"}, {"--state-dir", "/x", "--help"}, {"--help", "--bogus"}})
        {
            assertEquals("", assertThrows(DaemonConfig.UsageException.class, () -> DaemonConfig.parse(args)).getMessage());
        }
    }

    @Test
    void everyFlagTheHelpNamesIsKnown()
    {
        final Matcher m = Pattern.compile("^ +(--[a-z-]+) ", Pattern.MULTILINE).matcher(DaemonConfig.USAGE);
        int flags = 0;
        while (m.find())
        {
            final String flag = m.group(1);
            if (flag.equals("--help"))
            {
                continue;
            }
            flags++;
            final DaemonConfig.UsageException e = assertThrows(DaemonConfig.UsageException.class, () -> parse(flag));
            assertEquals("flag " + flag + " needs a value", e.getMessage(), "the help names " + flag + " but parse does not know it");
        }
        assertEquals(11, flags, DaemonConfig.USAGE);
    }

    @Test
    void bothValueSyntaxesWork()
    {
        final DaemonConfig c = parse("--state-dir", "/tmp/pt-s", "--socket=/tmp/pt-s.sock", "--default-bridge-subnet=10.200.250.0/24");
        assertEquals(Path.of("/tmp/pt-s"), c.stateDir());
        assertEquals(Path.of("/tmp/pt-s.sock"), c.socket());
        assertEquals(IpPrefix.parse("10.200.250.0/24"), c.defaultBridgeSubnet());
    }

    @Test
    void unknownFlagsAndStrayArgumentsAreRefused()
    {
        assertEquals("unknown flag --bogus (see pontoon daemon --help)", refused("--bogus"));
        assertEquals("unknown flag --bogus (see pontoon daemon --help)", refused("--bogus", "x"));
        assertEquals("unknown flag --bogus (see pontoon daemon --help)", refused("--bogus=x"));
        assertEquals("unknown flag -x (see pontoon daemon --help)", refused("-x"));
        assertEquals("unexpected argument 'start': pontoon daemon takes only flags (see pontoon daemon --help)", refused("start"));
        assertEquals("flag --state-dir needs a value", refused("--state-dir"));
        assertEquals("flag --state-dir needs a value, not an empty string", refused("--state-dir="));
        assertEquals("flag --socket needs a value, not an empty string", refused("--socket", ""));
    }

    @Test
    void aGoodBridgeSubnetIsTaken()
    {
        assertEquals(IpPrefix.parse("10.200.250.0/24"), parse("--default-bridge-subnet", "10.200.250.0/24").defaultBridgeSubnet());
        assertEquals(IpPrefix.parse("10.200.250.0/30"), parse("--default-bridge-subnet", "10.200.250.0/30").defaultBridgeSubnet());
        assertEquals(IpPrefix.parse("10.0.0.0/8"), parse("--default-bridge-subnet", "10.0.0.0/8").defaultBridgeSubnet());
    }

    @Test
    void aBadBridgeSubnetIsRefusedWithItsReason()
    {
        assertEquals("invalid --default-bridge-subnet 'nonsense': 'nonsense' is not an IP address",
            refused("--default-bridge-subnet", "nonsense"));
        assertEquals("invalid --default-bridge-subnet '10.0.0.0/33': prefix length 33 is out of range 0-32 in '10.0.0.0/33'",
            refused("--default-bridge-subnet", "10.0.0.0/33"));
        assertEquals("invalid --default-bridge-subnet '10.200.250.1/24': '10.200.250.1/24' has host bits set; "
            + "did you mean 10.200.250.0/24?", refused("--default-bridge-subnet", "10.200.250.1/24"));
        assertEquals("invalid --default-bridge-subnet '10.200.250.0': give the prefix length too, e.g. 10.200.250.0/24",
            refused("--default-bridge-subnet", "10.200.250.0"));
        assertEquals("invalid --default-bridge-subnet 'fd00:1::/64': only IPv4 is supported for now",
            refused("--default-bridge-subnet", "fd00:1::/64"));
        assertEquals("--default-bridge-subnet 10.200.250.0/31 is too small: the bridge needs a gateway and at least one sandbox "
            + "address (/30 or larger)", refused("--default-bridge-subnet", "10.200.250.0/31"));
        assertTrue(refused("--default-bridge-subnet", "10.200.250.4/32").endsWith("is too small: the bridge needs a gateway and "
            + "at least one sandbox address (/30 or larger)"));
    }

    @Test
    void aBridgeSubnetInAReservedRangeIsRefused()
    {
        assertEquals("--default-bridge-subnet 0.0.0.0/0 overlaps 0.0.0.0/8 (\"this network\"), which a bridge cannot use",
            refused("--default-bridge-subnet", "0.0.0.0/0"));
        assertEquals("--default-bridge-subnet 127.0.0.0/16 overlaps 127.0.0.0/8 (loopback), which a bridge cannot use",
            refused("--default-bridge-subnet", "127.0.0.0/16"));
        assertEquals("--default-bridge-subnet 169.254.0.0/24 overlaps 169.254.0.0/16 (link-local), which a bridge cannot use",
            refused("--default-bridge-subnet", "169.254.0.0/24"));
        assertEquals("--default-bridge-subnet 224.1.0.0/16 overlaps 224.0.0.0/3 (multicast and reserved), which a bridge "
            + "cannot use", refused("--default-bridge-subnet", "224.1.0.0/16"));
        assertEquals("--default-bridge-subnet 64.0.0.0/2 overlaps 127.0.0.0/8 (loopback), which a bridge cannot use",
            refused("--default-bridge-subnet", "64.0.0.0/2"));
    }

    @Test
    void otherValuesAreChecked()
    {
        assertEquals("--docker-plugin takes auto, on or off, not 'yes'", refused("--docker-plugin", "yes"));
        assertEquals("--cluster-ttl takes whole seconds from 2 to 3600, not '1'", refused("--cluster-ttl", "1"));
        assertEquals("--cluster-timeout takes whole seconds from 1 to 300, not 'x'", refused("--cluster-timeout", "x"));
        assertEquals("--advertise and --host-name need --cluster-store", refused("--advertise", "198.18.0.1"));
        assertTrue(refused("--socket", "/tmp/" + "s".repeat(110)).startsWith("--socket path is too long for a Unix socket"));
    }
}
