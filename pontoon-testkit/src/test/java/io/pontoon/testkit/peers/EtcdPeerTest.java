// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Privileged
class EtcdPeerTest
{
    @Test
    @LabHosts(count = 2)
    void putAndGetFromAnotherHostSurviveAnOutage(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        final Lab.Host h2 = lab.host("h2");
        final List<String> linksBefore = PeerAssertions.rootLinks();
        final EtcdPeer etcd = EtcdPeer.start(h1);
        final long firstPid;
        try (etcd)
        {
            System.out.println("[peer-timing] EtcdPeer.start " + etcd.startupTime().toMillis() + " ms");
            assertEquals("http://" + h1.underlayIp() + ":2379", etcd.endpoint());
            assertTrue(etcd.etcdctlFrom(h2, "put", "/pontoon/k", "v1").ok());
            assertEquals("/pontoon/k\nv1\n", etcd.etcdctlFrom(h2, "get", "/pontoon/k").stdout());
            assertEquals("v1\n", h1.execOk("env", "ETCDCTL_API=3", "etcdctl", "--endpoints=http://127.0.0.1:2379",
                "get", "--print-value-only", "/pontoon/k"));
            assertTrue(etcd.dataDir().startsWith("/dev/shm") && Files.isDirectory(etcd.dataDir()));
            firstPid = etcd.pid();

            etcd.stop();
            assertFalse(etcd.running());
            assertFalse(etcd.healthy());
            final ExecResult down = etcd.etcdctlFrom(h2, "--command-timeout=1s", "get", "/pontoon/k");
            assertFalse(down.ok(), down.describe());

            etcd.start();
            System.out.println("[peer-timing] EtcdPeer.start (restart on existing data) " + etcd.startupTime().toMillis() + " ms");
            assertTrue(etcd.healthy());
            assertEquals("v1\n", etcd.etcdctlFrom(h2, "get", "--print-value-only", "/pontoon/k").stdout());
            assertTrue(firstPid != etcd.pid());
        }
        assertFalse(Commands.running(firstPid));
        assertFalse(Files.exists(etcd.dataDir()));
        assertEquals(linksBefore, PeerAssertions.rootLinks());
    }
}
