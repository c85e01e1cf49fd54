// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only fault injection: named points at the step boundaries of the mutating paths (the
 * controller's create/remove/attach/detach, network create/remove, the store's durable write).
 * A daemon started with {@code PONTOON_CRASH_AT=NAME[:N]} in its environment halts with status
 * 137 (like {@code kill -9}: no shutdown hooks, no cleanup) the {@code N}-th time (default 1) it
 * reaches point {@code NAME}. The variable is read once, when this class loads; unset, {@link
 * #hit} is one test of a static final field. {@code CrashPointsIT} arms every point of
 * {@link #NAMES} in turn.
 */
public final class CrashPoints
{
    /** The environment variable that arms one point: {@code NAME} or {@code NAME:N}. */
    public static final String ENV = "PONTOON_CRASH_AT";

    /** The status the daemon halts with at the armed point (128 + SIGKILL). */
    public static final int STATUS = 137;

    /** Every point, in the order an operation passes them. */
    public static final List<String> NAMES = List.of(
        "network.create.afterPool",
        "network.create.afterRecord",
        "network.create.afterDriver",
        "network.remove.afterDriver",
        "network.remove.afterRecord",
        "network.remove.afterPool",
        "sandbox.create.afterRecord",
        "sandbox.create.afterNetns",
        "sandbox.create.afterConnect",
        "sandbox.create.afterStart",
        "sandbox.remove.afterKill",
        "sandbox.remove.afterDetach",
        "sandbox.remove.afterNetns",
        "attach.afterIpam",
        "attach.afterPorts",
        "attach.afterPutEndpoint",
        "attach.afterJoin",
        "attach.afterPublish",
        "detach.afterUnpublish",
        "detach.afterLeave",
        "detach.afterRemoveEndpoint",
        "detach.afterIpamRelease",
        "detach.afterPortsRelease",
        "disconnect.afterDetach",
        "store.beforeWrite",
        "store.afterWrite");

    private static final Armed ARMED = parse(System.getenv(ENV));

    private record Armed(String name, int nth, AtomicInteger hits)
    {
    }

    private CrashPoints()
    {
    }

    /** Halts the JVM with {@link #STATUS} if {@code name} is the armed point and this is its N-th hit. */
    public static void hit(final String name)
    {
        if (ARMED != null)
        {
            hitArmed(name);
        }
    }

    /** The armed point as {@code NAME:N}, or null when none is (for the daemon's start message). */
    public static String armed()
    {
        return ARMED == null ? null : ARMED.name() + ":" + ARMED.nth();
    }

    private static void hitArmed(final String name)
    {
        if (!NAMES.contains(name))
        {
            throw new IllegalStateException("crash point " + name + " is not in CrashPoints.NAMES");
        }
        if (name.equals(ARMED.name()) && ARMED.hits().incrementAndGet() == ARMED.nth())
        {
            System.err.println("pontoon: crash point " + name + ":" + ARMED.nth() + " reached; halting with " + STATUS);
            System.err.flush();
            Runtime.getRuntime().halt(STATUS);
        }
    }

    private static Armed parse(final String spec)
    {
        if (spec == null || spec.isBlank())
        {
            return null;
        }
        final int colon = spec.lastIndexOf(':');
        final String name = colon < 0 ? spec.strip() : spec.substring(0, colon).strip();
        final int nth;
        try
        {
            nth = colon < 0 ? 1 : Integer.parseInt(spec.substring(colon + 1).strip());
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(ENV + "=" + spec + ": the count after ':' must be a number", e);
        }
        if (!NAMES.contains(name) || nth < 1)
        {
            throw new IllegalArgumentException(ENV + "=" + spec + ": not NAME[:N] with N >= 1 and NAME one of " + NAMES);
        }
        return new Armed(name, nth, new AtomicInteger());
    }
}
