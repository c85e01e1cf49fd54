// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the client reconnect soon after etcd comes back. gRPC waits between connection attempts
 * with an exponential back-off of up to 120 s, so after an outage of 20 s a client measured here
 * needed another 11 s to notice that etcd was back. {@link ManagedChannel#resetConnectBackoff()}
 * makes a failed connection retry at once; the store calls {@link #nudge()} whenever a call or a
 * watch fails, at most once per {@value #MIN_INTERVAL_MS} ms, so during an outage the client
 * tries to connect about every 0.5-2 s (the watch retry interval) instead of ever more rarely.
 *
 * <p>jetcd 0.8.7 keeps its channel private (ClientImpl.connectionManager.getChannel()), so it is
 * found by reflection. If a jetcd upgrade moves it, this logs one warning and does nothing: the
 * store still works, it only reconnects at gRPC's own pace.
 */
final class ReconnectNudger
{
    private static final System.Logger LOG = System.getLogger(ReconnectNudger.class.getName());
    private static final long MIN_INTERVAL_MS = 500;

    private final ManagedChannel channel;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS));

    ReconnectNudger(final Client client)
    {
        this.channel = find(client);
    }

    /** Retries a failed connection now, unless that was done less than 0.5 s ago. */
    void nudge()
    {
        final long now = System.nanoTime();
        final long prev = last.get();
        if (channel != null && now - prev >= TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS) && last.compareAndSet(prev, now))
        {
            channel.resetConnectBackoff();
        }
    }

    /** Whether the channel was found (false: gRPC's own back-off applies). */
    boolean active()
    {
        return channel != null;
    }

    private static ManagedChannel find(final Client client)
    {
        try
        {
            final Field f = client.getClass().getDeclaredField("connectionManager");
            f.setAccessible(true);
            final Object manager = f.get(client);
            final Method m = manager.getClass().getDeclaredMethod("getChannel");
            m.setAccessible(true);
            return (ManagedChannel) m.invoke(manager);
        }
        catch (final ReflectiveOperationException | RuntimeException e)
        {
            LOG.log(System.Logger.Level.WARNING, "cannot reach jetcd''s gRPC channel ({0}); after an etcd outage the client"
                + " reconnects only at gRPC''s back-off pace (up to 2 minutes)", e.toString());
            return null;
        }
    }
}
