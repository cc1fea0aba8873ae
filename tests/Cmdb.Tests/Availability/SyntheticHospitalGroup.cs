using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

/// <summary>
/// A deterministic, hospital-group-shaped graph for benchmarks: sites of about 5,000 CIs, each with a core network
/// pair, access switch pairs, SAN, storage arrays with cold replicas, hypervisor clusters of hosts (N-of-M),
/// VMs, databases (some with hot or cold standbys), middleware pools, applications, interfaces offered by a few hub
/// applications, business systems, and devices; site 0 also hosts group-wide applications that other sites' business
/// systems use. Shared infrastructure services (DNS, directory, time, backup, monitoring, ...) come in hot pairs,
/// and DNS and the directory need each other, so the data contains cycles as real CMDBs do. Edges beyond the
/// structural ones are further "VM needs a shared service" and "application consumes an interface" relations,
/// added until the requested edge count is reached.
/// </summary>
internal static class SyntheticHospitalGroup
{
    private const int SiteSize = 5_000;

    public static (List<GraphNode> Nodes, List<GraphEdge> Edges) Generate(int nodes, int edges, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 200);
        ArgumentOutOfRangeException.ThrowIfNegative(edges);
        return new Generator(nodes, edges, seed).Run();
    }

    private sealed class Site
    {
        public List<long> Apps { get; } = new();

        public List<long> HubApps { get; } = new();

        public List<long> Interfaces { get; } = new();

        public List<long> Vms { get; } = new();

        public List<long> SharedServices { get; } = new();

        public List<long> AccessSwitches { get; } = new();

        public List<long> Clusters { get; } = new();

        public List<long> Storage { get; } = new();

        public List<long> Databases { get; } = new();

        public List<long> Middleware { get; } = new();

        public List<long> Businesses { get; } = new();
    }

    private sealed class Generator(int nodeTarget, int edgeTarget, int seed)
    {
        private static readonly string[] SharedServiceNames = ["dns", "ad", "ntp", "backup", "monitoring", "antivirus", "patch", "syslog"];

        private readonly Random _random = new(seed);
        private readonly List<GraphNode> _nodes = new(nodeTarget);
        private readonly List<GraphEdge> _edges = new(edgeTarget);
        private readonly HashSet<(long, long)> _seen = new();
        private readonly List<Site> _sites = new();

        public (List<GraphNode>, List<GraphEdge>) Run()
        {
            var siteCount = Math.Max(1, nodeTarget / SiteSize);
            for (var s = 0; s < siteCount; s++)
            {
                var budget = s == siteCount - 1 ? nodeTarget - _nodes.Count : nodeTarget / siteCount;
                _sites.Add(BuildSite(s, budget));
            }

            LinkSitesToGroupApplications();
            Pad();
            while (_edges.Count > edgeTarget)
            {
                // Fewer edges than the structure needs: drop random ones, keeping the shape as far as the budget allows.
                var at = _random.Next(_edges.Count);
                _edges[at] = _edges[^1];
                _edges.RemoveAt(_edges.Count - 1);
            }

            return (_nodes, _edges);
        }

        private Site BuildSite(int s, int budget)
        {
            var site = new Site();
            var start = _nodes.Count;
            var p = $"s{s:00}";

            var core = Node("switch", $"{p}-core-1");
            Backup(Node("switch", $"{p}-core-2"), core, StandbyMode.Hot);
            var san = Node("san-switch", $"{p}-san-1");
            Backup(Node("san-switch", $"{p}-san-2"), san, StandbyMode.Hot);

            for (var i = 0; i < Math.Max(2, budget * 3 / 200); i++)
            {
                var primary = Node("switch", $"{p}-access-{i}a");
                var standby = Node("switch", $"{p}-access-{i}b");
                Needs(primary, core);
                Needs(standby, core);
                Backup(standby, primary, StandbyMode.Hot);
                site.AccessSwitches.Add(primary);
            }

            for (var i = 0; i < Math.Max(1, budget / 500); i++)
            {
                var array = Node("storage", $"{p}-array-{i}");
                var replica = Node("storage", $"{p}-array-{i}-replica");
                Needs(array, san);
                Needs(replica, san);
                Backup(replica, array, StandbyMode.Cold);
                site.Storage.Add(array);
            }

            for (var i = 0; i < Math.Max(2, budget * 6 / 1000); i++)
            {
                var hosts = _random.Next(4, 11);
                var cluster = Node("host-cluster", $"{p}-cluster-{i}", minMembers: hosts - _random.Next(1, 3));
                for (var h = 0; h < hosts; h++)
                {
                    var host = Node("host", $"{p}-cluster-{i}-host-{h}");
                    Member(host, cluster);
                    Needs(host, Pick(site.AccessSwitches));
                    Needs(host, san);
                }

                site.Clusters.Add(cluster);
            }

            foreach (var service in SharedServiceNames)
            {
                var primary = Vm(site, $"{p}-{service}-1");
                Backup(Vm(site, $"{p}-{service}-2"), primary, StandbyMode.Hot);
                site.SharedServices.Add(primary);
            }

            // Name resolution and the directory need each other: the cycle every Windows estate has.
            Needs(site.SharedServices[0], site.SharedServices[1]);
            Needs(site.SharedServices[1], site.SharedServices[0]);

            var vmCount = budget * 40 / 100;
            while (site.Vms.Count < vmCount)
            {
                Vm(site, $"{p}-vm-{site.Vms.Count}");
            }

            var vmCursor = SharedServiceNames.Length * 2;
            long NextVm() => site.Vms[vmCursor++ % site.Vms.Count];

            for (var i = 0; i < budget * 7 / 100; i++)
            {
                var db = Node("database", $"{p}-db-{i}");
                Needs(db, NextVm());
                var roll = _random.NextDouble();
                if (roll < 0.3)
                {
                    var replica = Node("database", $"{p}-db-{i}-replica");
                    Needs(replica, NextVm());
                    Backup(replica, db, roll < 0.18 ? StandbyMode.Hot : StandbyMode.Cold);
                    i++;
                }

                site.Databases.Add(db);
            }

            var esb = Node("middleware-pool", $"{p}-esb", minMembers: 2);
            for (var m = 0; m < 3; m++)
            {
                var node = Node("middleware", $"{p}-esb-{m}");
                Needs(node, NextVm());
                Member(node, esb);
            }

            for (var i = 0; i < budget * 7 / 100; i++)
            {
                var middleware = Node("middleware", $"{p}-mw-{i}");
                Needs(middleware, NextVm());
                site.Middleware.Add(middleware);
            }

            var appCount = budget * 9 / 100;
            for (var i = 0; i < appCount; i++)
            {
                var app = Node("application", $"{p}-app-{i}");
                Needs(app, NextVm());
                Needs(app, Pick(site.Databases));
                if (_random.NextDouble() < 0.5)
                {
                    Needs(app, Pick(site.Databases));
                }

                Needs(app, Pick(site.Middleware));
                site.Apps.Add(app);
                if (i < Math.Max(3, appCount / 20))
                {
                    site.HubApps.Add(app);
                }
            }

            // Interfaces are offered by hub applications (HIS, EMR, LIS, PACS ...) and carried by the integration engine.
            for (var i = 0; i < budget * 6 / 100; i++)
            {
                var provider = Pick(site.HubApps);
                var face = Node("interface", $"{p}-if-{i}");
                Needs(face, provider);
                Needs(face, esb);
                site.Interfaces.Add(face);
            }

            foreach (var app in site.Apps)
            {
                if (!site.HubApps.Contains(app) && _random.NextDouble() < 0.7)
                {
                    Needs(app, Pick(site.Interfaces));
                }
            }

            for (var i = 0; i < Math.Max(2, budget * 2 / 100); i++)
            {
                var business = Node("business", $"{p}-business-{i}", business: true);
                var apps = _random.Next(2, 5);
                for (var a = 0; a < apps; a++)
                {
                    Needs(business, Pick(site.Apps));
                }

                site.Businesses.Add(business);
            }

            while (_nodes.Count - start < budget)
            {
                var device = Node("device", $"{p}-device-{_nodes.Count - start}");
                Needs(device, Pick(site.AccessSwitches));
                Needs(device, Pick(site.Apps));
            }

            return site;
        }

        private void LinkSitesToGroupApplications()
        {
            var group = _sites[0];
            for (var s = 1; s < _sites.Count; s++)
            {
                foreach (var business in _sites[s].Businesses)
                {
                    if (_random.NextDouble() < 0.3)
                    {
                        Needs(business, Pick(group.HubApps));
                    }
                }
            }
        }

        private void Pad()
        {
            var attempts = 0;
            var maxAttempts = 20L * Math.Max(edgeTarget, 1);
            while (_edges.Count < edgeTarget && attempts++ < maxAttempts)
            {
                var site = Pick(_sites);
                var roll = _random.NextDouble();
                if (roll < 0.75)
                {
                    Needs(Pick(site.Vms), Pick(site.SharedServices));
                }
                else if (roll < 0.95)
                {
                    var app = Pick(site.Apps);
                    if (!site.HubApps.Contains(app))
                    {
                        Needs(app, Pick(site.Interfaces));
                    }
                }
                else
                {
                    Needs(Pick(site.Apps), Pick(site.Middleware));
                }
            }
        }

        private long Vm(Site site, string name)
        {
            var vm = Node("vm", name);
            Needs(vm, Pick(site.Clusters));
            Needs(vm, Pick(site.Storage));
            if (site.SharedServices.Count >= 2)
            {
                Needs(vm, site.SharedServices[0]);
                Needs(vm, site.SharedServices[1]);
            }

            site.Vms.Add(vm);
            return vm;
        }

        private long Node(string type, string name, bool business = false, int minMembers = 1)
        {
            var id = _nodes.Count + 1L;
            _nodes.Add(new GraphNode(id, type, name, business, Math.Max(1, minMembers)));
            return id;
        }

        private void Needs(long from, long to) => Edge(from, to, EdgeKind.Needs, null);

        private void Member(long member, long cluster) => Edge(member, cluster, EdgeKind.MemberOf, null);

        private void Backup(long standby, long primary, StandbyMode mode) => Edge(standby, primary, EdgeKind.BacksUp, mode);

        private void Edge(long from, long to, EdgeKind kind, StandbyMode? mode)
        {
            // Every kind relates different layers, so (from, to) alone identifies an edge.
            if (from != to && _seen.Add((from, to)))
            {
                _edges.Add(new GraphEdge(from, to, kind, mode));
            }
        }

        private T Pick<T>(List<T> list) => list[_random.Next(list.Count)];
    }
}
