using HospitalOps.Cmdb.Availability;

namespace HospitalOps.Cmdb.Tests.Availability;

/// <summary>The scenarios the tests share, each the smallest graph that shows one rule.</summary>
internal static class GraphScenarios
{
    /// <summary>business → app → db → vm → host.</summary>
    public static (AvailabilityGraph Graph, TestGraph Ids) Chain()
    {
        var t = new TestGraph();
        var business = t.Business("outpatient");
        var app = t.Ci("his-app");
        var db = t.Ci("his-db");
        var vm = t.Ci("vm-01");
        var host = t.Ci("host-01");
        t.Needs(business, app).Needs(app, db).Needs(db, vm).Needs(vm, host);
        return (t.Build(), t);
    }

    /// <summary>business → app → db primary, which a standby backs up in the given mode.</summary>
    public static (AvailabilityGraph Graph, TestGraph Ids) Standby(StandbyMode mode)
    {
        var t = new TestGraph();
        var business = t.Business("emr");
        var app = t.Ci("emr-app");
        var primary = t.Ci("db-primary");
        var standby = t.Ci("db-standby");
        t.Needs(business, app).Needs(app, primary);
        if (mode == StandbyMode.Hot)
        {
            t.Hot(standby, primary);
        }
        else
        {
            t.Cold(standby, primary);
        }

        return (t.Build(), t);
    }

    /// <summary>Hypervisor cluster of three hosts that needs two of them; a VM runs on the cluster; business → app → vm.</summary>
    public static (AvailabilityGraph Graph, TestGraph Ids) HostCluster()
    {
        var t = new TestGraph();
        var business = t.Business("lis");
        var app = t.Ci("lis-app");
        var vm = t.Ci("lis-vm");
        var cluster = t.Ci("cluster", "host-cluster", minMembers: 2);
        t.Needs(business, app).Needs(app, vm).Needs(vm, cluster);
        foreach (var name in new[] { "host-a", "host-b", "host-c" })
        {
            t.Member(t.Ci(name, "host"), cluster);
        }

        return (t.Build(), t);
    }

    /// <summary>Two business systems, each with its own app and database, both databases on one storage array.</summary>
    public static (AvailabilityGraph Graph, TestGraph Ids) SharedStorage()
    {
        var t = new TestGraph();
        var array = t.Ci("array", "storage");
        foreach (var system in new[] { "pacs", "ris" })
        {
            var business = t.Business(system);
            var app = t.Ci($"{system}-app");
            var db = t.Ci($"{system}-db");
            t.Needs(business, app).Needs(app, db).Needs(db, array);
        }

        return (t.Build(), t);
    }

    /// <summary>The LIS application consumes interface I, which the HIS application provides.</summary>
    public static (AvailabilityGraph Graph, TestGraph Ids) Interface()
    {
        var t = new TestGraph();
        var hisBusiness = t.Business("his");
        var his = t.Ci("his-app");
        var face = t.Ci("his-orders-interface", "interface");
        var lis = t.Ci("lis-app");
        var lisBusiness = t.Business("lis");
        t.Needs(hisBusiness, his).Needs(face, his).Needs(lis, face).Needs(lisBusiness, lis);
        return (t.Build(), t);
    }

    /// <summary>A needs B needs A, and a business system on A.</summary>
    public static (AvailabilityGraph Graph, TestGraph Ids) Cycle()
    {
        var t = new TestGraph();
        var business = t.Business("portal");
        var a = t.Ci("a");
        var b = t.Ci("b");
        t.Needs(business, a).Needs(a, b).Needs(b, a);
        return (t.Build(), t);
    }
}
