// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Privileged;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Privileged
class LoopbackEtcdTest
{
    @Test
    void servesOnLoopbackKeepsDataAndPortAcrossARestartAndCleansUp()
    {
        final List<String> linksBefore = PeerAssertions.rootLinks();
        final LoopbackEtcd etcd = LoopbackEtcd.launch();
        final long firstPid;
        try (etcd)
        {
            System.out.println("[peer-timing] LoopbackEtcd.start " + etcd.startupTime().toMillis() + " ms");
            assertTrue(etcd.endpoint().startsWith("http://127.0.0.1:"), etcd.endpoint());
            assertTrue(etcd.dataDir().startsWith("/dev/shm") && Files.isDirectory(etcd.dataDir()));
            assertTrue(etcd.etcdctl("put", "/pontoon/k", "v1").ok());
            final String endpoint = etcd.endpoint();
            firstPid = etcd.pid();

            etcd.stop();
            assertFalse(etcd.running());
            assertFalse(etcd.healthy());

            etcd.start();
            assertEquals(endpoint, etcd.endpoint(), "a restart keeps the port");
            assertEquals("v1\n", etcd.etcdctl("get", "--print-value-only", "/pontoon/k").stdout());
            assertTrue(firstPid != etcd.pid());
        }
        assertFalse(Commands.running(firstPid));
        assertFalse(etcd.running());
        assertFalse(Files.exists(etcd.dataDir()));
        assertEquals(linksBefore, PeerAssertions.rootLinks());
    }

    @Test
    void twoInstancesGetDifferentPorts()
    {
        try (LoopbackEtcd a = LoopbackEtcd.launch(); LoopbackEtcd b = LoopbackEtcd.launch())
        {
            assertFalse(a.endpoint().equals(b.endpoint()));
            assertTrue(a.etcdctl("put", "/only/a", "1").ok());
            assertEquals("", b.etcdctl("get", "/only/a").stdout());
        }
    }
}
