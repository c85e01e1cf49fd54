// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

/**
 * rtnetlink constants, named exactly as in the uapi headers ({@code <linux/rtnetlink.h>},
 * {@code <linux/if_link.h>}, {@code <linux/if_addr.h>}, {@code <linux/neighbour.h>},
 * {@code <linux/veth.h>}, {@code <linux/if.h>}, {@code <linux/if_tun.h>}, {@code <linux/sockios.h>}). Every field is checked
 * against the C headers by a test that compiles a small program with gcc, so a field name here
 * must be the C name.
 */
public final class RtConst
{
    // <linux/netlink.h> (the rest is in NlMsg)
    public static final int NLM_F_ECHO = 0x8;
    public static final int AF_UNSPEC = 0;

    // message types
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_DELNEIGH = 29;
    public static final int RTM_GETNEIGH = 30;

    // route types, protocols, scopes, tables
    public static final int RTN_UNSPEC = 0;
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTN_BROADCAST = 3;
    public static final int RTN_ANYCAST = 4;
    public static final int RTN_MULTICAST = 5;
    public static final int RTN_BLACKHOLE = 6;
    public static final int RTN_UNREACHABLE = 7;
    public static final int RTN_PROHIBIT = 8;
    public static final int RTN_THROW = 9;
    public static final int RTN_NAT = 10;
    public static final int RTN_XRESOLVE = 11;
    public static final int RTPROT_UNSPEC = 0;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_STATIC = 4;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_SITE = 200;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RT_SCOPE_NOWHERE = 255;
    public static final int RT_TABLE_UNSPEC = 0;
    public static final int RT_TABLE_DEFAULT = 253;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_TABLE_LOCAL = 255;
    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_METRICS = 8;
    public static final int RTA_TABLE = 15;
    public static final int RTAX_MTU = 2;
    public static final int RTAX_ADVMSS = 8;
    public static final int RTAX_HOPLIMIT = 10;
    public static final int RTAX_INITCWND = 11;
    public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    // addresses
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_FLAGS = 8;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_PERMANENT = 0x80;

    // links
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_NET_NS_FD = 28;
    public static final int IFLA_EXT_MASK = 29;
    public static final int IFLA_NUM_TX_QUEUES = 31;
    public static final int IFLA_NUM_RX_QUEUES = 32;
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_INFO_SLAVE_KIND = 4;
    public static final int IFLA_INFO_SLAVE_DATA = 5;
    public static final int IFLA_BRPORT_MODE = 4;
    public static final int VETH_INFO_PEER = 1;
    public static final int IFLA_BR_STP_STATE = 5;
    public static final int IFLA_BR_VLAN_FILTERING = 7;
    public static final int IFLA_VXLAN_ID = 1;
    public static final int IFLA_VXLAN_LINK = 3;
    public static final int IFLA_VXLAN_LOCAL = 4;
    public static final int IFLA_VXLAN_TTL = 5;
    public static final int IFLA_VXLAN_LEARNING = 7;
    public static final int IFLA_VXLAN_PORT_RANGE = 10;
    public static final int IFLA_VXLAN_PROXY = 11;
    public static final int IFLA_VXLAN_PORT = 15;
    public static final int IFLA_VXLAN_LOCAL6 = 17;
    public static final int IFF_UP = 0x1;
    public static final int IFF_LOWER_UP = 0x10000;

    // neighbours and FDB
    public static final int NDA_DST = 1;
    public static final int NDA_LLADDR = 2;
    public static final int NDA_IFINDEX = 8;
    public static final int NDA_MASTER = 9;
    public static final int NTF_SELF = 0x02;
    public static final int NTF_MASTER = 0x04;
    public static final int NTF_PROXY = 0x08;
    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_REACHABLE = 0x02;
    public static final int NUD_STALE = 0x04;
    public static final int NUD_DELAY = 0x08;
    public static final int NUD_PROBE = 0x10;
    public static final int NUD_FAILED = 0x20;
    public static final int NUD_NOARP = 0x40;
    public static final int NUD_PERMANENT = 0x80;

    // TUN/TAP (ioctl on /dev/net/tun)
    public static final long TUNSETIFF = 0x400454caL;
    public static final long TUNSETPERSIST = 0x400454cbL;
    public static final long TUNSETOWNER = 0x400454ccL;
    public static final long TUNSETGROUP = 0x400454ceL;
    public static final int IFF_TUN = 0x0001;
    public static final int IFF_TAP = 0x0002;
    public static final int IFF_NO_PI = 0x1000;
    public static final int IFF_MULTI_QUEUE = 0x0100;
    public static final int IFF_TUN_EXCL = 0x8000;

    // name lookup: ioctl on a datagram socket (<sys/socket.h>, <linux/sockios.h>)
    public static final int SOCK_DGRAM = 2;
    public static final int SIOCGIFINDEX = 0x8933;

    // family header sizes (checked against sizeof in the constants test)
    static final int IFINFOMSG_SIZE = 16;
    static final int IFADDRMSG_SIZE = 8;
    static final int RTMSG_SIZE = 12;
    static final int NDMSG_SIZE = 12;

    private RtConst()
    {
    }
}
