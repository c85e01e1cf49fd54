// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.netns.NetNs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("privileged")
class NetlinkSocketSmokeTest
{
    private static final int RTM_GETLINK = 18;
    private static final int IFLA_IFNAME = 3;

    @Test
    void aFreshNamespaceHasOnlyLoopbackAndGoesAwayOnDelete() throws Exception
    {
        final Path dir = Files.createTempDirectory("pt-ns");
        final String name = "pt-smoke-" + ProcessHandle.current().pid();
        try (NetNs ns = NetNs.create(dir, name); NetlinkSocket nl = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, ns))
        {
            final NlMsg m = new NlMsg().begin(RTM_GETLINK, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_DUMP).zeros(16).end();
            final List<String> names = new ArrayList<>();
            for (final NlReply r : nl.dump(m, "link show"))
            {
                names.add(r.attrs(16).string(IFLA_IFNAME));
            }
            assertEquals(List.of("lo"), names);
            assertThrows(KernelException.class, () -> NetNs.create(dir, name));
        }
        finally
        {
            NetNs.delete(dir, name);
            Files.deleteIfExists(dir);
        }
        assertFalse(Files.exists(dir.resolve(name)));
    }

    @Test
    void badNamesAreRefusedBeforeTouchingTheKernel()
    {
        final KernelException e = assertThrows(KernelException.class, () -> NetNs.create(Path.of("/tmp"), "../evil"));
        assertTrue(e.getMessage().contains("../evil"), e.getMessage());
    }
}
