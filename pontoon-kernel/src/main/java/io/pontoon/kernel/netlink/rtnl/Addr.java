// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.net.IpPrefix;

/**
 * An interface address from a dump ({@code ip addr show}).
 *
 * @param dev     device name
 * @param index   device ifindex
 * @param address the address with its prefix length (host bits kept, e.g. 10.0.0.5/24)
 * @param scope   {@code RT_SCOPE_*}
 */
public record Addr(String dev, int index, IpPrefix address, int scope)
{
}
