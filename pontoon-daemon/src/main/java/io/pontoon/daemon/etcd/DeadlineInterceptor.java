// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives every gRPC call to etcd a deadline of the request timeout, except the long-lived watch
 * stream. jetcd sets none, and its calls wait for the connection to become ready, so without this
 * a call to an unreachable etcd would wait forever, even after the caller gave up on it.
 */
final class DeadlineInterceptor implements ClientInterceptor
{
    private static final String WATCH = "etcdserverpb.Watch/Watch";

    private final long timeoutNanos;

    DeadlineInterceptor(final Duration timeout)
    {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(final MethodDescriptor<Q, R> method, final CallOptions options, final Channel next)
    {
        if (WATCH.equals(method.getFullMethodName()) || options.getDeadline() != null)
        {
            return next.newCall(method, options);
        }
        return next.newCall(method, options.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS));
    }
}
