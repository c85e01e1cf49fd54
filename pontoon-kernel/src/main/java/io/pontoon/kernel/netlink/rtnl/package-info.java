// SPDX-License-Identifier: Apache-2.0
/**
 * rtnetlink shaped like iproute2: {@link io.pontoon.kernel.netlink.rtnl.Rtnl} (one handle per
 * network namespace), the sealed {@link io.pontoon.kernel.netlink.rtnl.Link} family of link
 * kinds to create, and the records the kernel reports back (links, addresses, routes,
 * neighbours, FDB entries). Wire encoding lives in the package-private codecs.
 */
package io.pontoon.kernel.netlink.rtnl;
