// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.pontoon.core.store.Store;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.peers.LoopbackEtcd;
import io.pontoon.testkit.store.StoreContract;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the {@link StoreContract} against {@link EtcdStore} on a real etcd 3.4 (one
 * {@link LoopbackEtcd} for the class, data on tmpfs; every test opens its own client and works
 * under its own random prefix).
 */
@Privileged
class EtcdStoreContractTest extends StoreContract
{
    private static LoopbackEtcd etcd;

    @BeforeAll
    static void startEtcd()
    {
        etcd = LoopbackEtcd.launch();
    }

    @AfterAll
    static void stopEtcd()
    {
        if (etcd != null)
        {
            etcd.close();
        }
    }

    @Override
    protected Store openStore()
    {
        return EtcdStore.open(new EtcdOptions(List.of(URI.create(etcd.endpoint())), EtcdOptions.DEFAULT_TIMEOUT));
    }
}
