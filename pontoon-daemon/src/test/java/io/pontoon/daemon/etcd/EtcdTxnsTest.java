// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pontoon.core.store.Txn;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the etcd store: op normalization, key ranges, endpoint parsing. */
class EtcdTxnsTest
{
    private static List<String> normalized(final Txn txn)
    {
        return EtcdTxns.normalize(txn.ops()).stream().map(Object::toString).toList();
    }

    @Test
    void opsWithoutOverlapsPassUnchanged()
    {
        assertEquals(List.of("put /a=1", "delete [/b, /b\\0)", "delete [/c/, /c0)", "put /d=4 lease 9"),
            normalized(Txn.builder().put("/a", "1").delete("/b").deletePrefix("/c/").put("/d", "4", 9).build()));
    }

    @Test
    void aLaterPutOfTheSameKeyWins()
    {
        assertEquals(List.of("put /x=1", "put /y=2"), normalized(Txn.builder().put("/y", "1").put("/x", "1").put("/y", "2").build()));
    }

    @Test
    void aDeleteDropsEarlierPutsInItsRange()
    {
        assertEquals(List.of("put /b=3", "delete [/a, /a\\0)", "delete [/n/, /n0)"),
            normalized(Txn.builder().put("/a", "1").put("/n/1", "2").put("/b", "3").delete("/a").deletePrefix("/n/").build()));
    }

    @Test
    void aPutAfterADeleteOfItsKeyIsJustThePut()
    {
        assertEquals(List.of("put /a=2"), normalized(Txn.builder().delete("/a").put("/a", "2").build()));
    }

    @Test
    void aPutInsideADeletedPrefixCutsItsKeyOutOfTheRange()
    {
        assertEquals(List.of("delete [/n/, /n/b)", "delete [/n/b\\0, /n0)", "put /n/b=new"),
            normalized(Txn.builder().deletePrefix("/n/").put("/n/b", "new").build()));
        assertEquals(List.of("delete [/n/\\0, /n0)", "put /n/=x"), normalized(Txn.builder().deletePrefix("/n/").put("/n/", "x").build()),
            "a put of the prefix itself leaves only the upper piece");
    }

    @Test
    void theLaterOpsInOneTxnExampleOfTheContract()
    {
        assertEquals(List.of("delete [/x, /x\\0)", "put /y=2"),
            normalized(Txn.builder().put("/x", "1").delete("/x").put("/y", "1").put("/y", "2").build()));
    }

    @Test
    void prefixEndIncrementsTheLastByteBelowFf()
    {
        assertArrayEquals(EtcdKeys.utf8("/b"), EtcdKeys.prefixEnd("/a"));
        assertArrayEquals(new byte[] {'a', (byte) 0x80}, EtcdKeys.prefixEnd("a\u007f"));
        assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa5}, EtcdKeys.prefixEnd("\u00e4"), "UTF-8 c3 a4 -> c3 a5");
        assertArrayEquals(EtcdKeys.END, EtcdKeys.prefixEnd(""));
        assertArrayEquals(EtcdKeys.END, EtcdKeys.rangeStart(""));
    }

    @Test
    void clusterStoreUrlsAreParsedLiterally()
    {
        final EtcdOptions o = EtcdOptions.parse("etcd://198.18.0.1:2379,[2001:db8::1]:2380");
        assertEquals(List.of(URI.create("http://198.18.0.1:2379"), URI.create("http://[2001:db8:0:0:0:0:0:1]:2380")), o.endpoints());
        assertEquals(Duration.ofSeconds(5), o.requestTimeout());
        assertEquals("http://198.18.0.1:2379, http://[2001:db8:0:0:0:0:0:1]:2380", o.describe());
        for (final String bad : List.of("http://1.2.3.4:2379", "etcd://", "etcd://etcd.example:2379", "etcd://1.2.3.4",
            "etcd://1.2.3.4:0", "etcd://2001:db8::1:2379", "etcd://1.2.3.4:2379,"))
        {
            assertThrows(IllegalArgumentException.class, () -> EtcdOptions.parse(bad), bad);
        }
    }
}
