namespace HospitalOps.TextSearch.Tests.Corpus;

/// <summary>A knowledge article of the test set.</summary>
public sealed record Article(int Id, string Title, string Body);

/// <summary>
/// A query of the test set: the article expected first (if one clearly should be), articles that
/// must be found, and articles that must not be.
/// </summary>
public sealed record CorpusQuery(string Query, int? Top, int[] Found, int[] NotFound)
{
    public override string ToString() => Query;
}

/// <summary>Small articles about hospital IT faults, in Chinese, English and both, and the queries run against them.</summary>
public static class KnowledgeCorpus
{
    public static readonly Article[] Articles =
    [
        new(1, "HIS 系统宕机应急处理", "门诊高峰期 HIS 应用服务器宕机，挂号收费中断。检查 WebLogic 进程与数据库连接池，切换到备用节点。"),
        new(2, "告警风暴的抑制与收敛", "一次核心交换机故障引发上千条告警，值班手机被刷屏。按 CMDB 依赖关系合并告警，设置静默窗口。"),
        new(3, "Oracle锁等待导致收费窗口卡顿", "大量会话处于 enq: TX - row lock contention 等待，阻塞会话来自夜间批处理。用 v$session 查找 blocking_session 并联系开发。"),
        new(4, "数据库死锁 ORA-00060: deadlock detected while waiting for resource", "两个事务以相反顺序更新医嘱表与费用表，Oracle 报告 ORA-00060 并回滚其中一个语句。trace 文件位于 /u01/app/oracle/diag。"),
        new(5, "PACS 影像调阅慢", "放射科医生反映 CT 影像调阅需要一分钟以上。排查存储 IOPS 与 DICOM 网关，发现 10.1.2.3 上的缓存盘已满。"),
        new(6, "LIS 接口中断，检验结果无法回传", "LIS 与 HIS 之间的 HL7 接口进程退出，检验科结果无法回传到医生工作站。重启接口服务并补发消息。"),
        new(7, "服务器时钟偏移与 NTP 同步", "EMR 签名服务器时间比标准时间快 5 分钟，电子签名时间戳校验失败。配置 chrony 指向院内 NTP 服务器。"),
        new(8, "磁盘空间不足告警处理", "/var 分区使用率超过 95%，归档日志占满磁盘。清理过期 archivelog，并把阈值告警提前到 85%。"),
        new(9, "WeCom 机器人通知失败", "企业微信机器人 webhook 返回 93000 错误，告警通知没有送达值班群。检查 key 是否过期，网闸是否放行。"),
        new(10, "SQL Server deadlock on the pharmacy database", "The pharmacy dispensing service hit repeated deadlocks. Enable trace flag 1222, read the deadlock graph and add an index on orders."),
        new(11, "Network switch port flapping", "A core switch port went up and down every few seconds, causing packet loss for the outpatient building. Replaced the SFP module."),
        new(12, "NTP server unreachable after firewall change", "Hosts could not reach the time server; ntpd logged 'no server suitable for synchronization'. Port 123/udp was blocked."),
        new(13, "挂号系统数据库连接池耗尽", "HIS 挂号模块报 Cannot get a connection, pool exhausted。连接泄漏来自未关闭的报表查询。"),
        new(14, "机房空调故障导致温度告警", "机房温度升至 32 度，动环监控发出温度告警。启用备用空调并迁移非核心负载。"),
        new(15, "备份任务失败：RMAN 备份超时", "夜间 RMAN 全备超过窗口仍未完成，磁带库驱动器报错。改为增量备份。"),
        new(16, "EMR 电子病历打开缓慢", "住院医生打开电子病历需要 20 秒。应用日志显示查询病历索引的 SQL 全表扫描。"),
        new(17, "his_db 表空间扩容", "HIS 业务库 his_db 的 USERS 表空间使用率 98%，新增数据文件 10G。"),
        new(18, "锁屏策略导致护士站自动登出", "等保整改后护士站电脑 5 分钟锁屏，护士频繁重新登录。调整为 15 分钟并启用刷卡登录。"),
        new(19, "Oracle 监听 listener 无法启动", "lsnrctl start 报 TNS-12541，listener.ora 中主机名写错。"),
        new(20, "告警规则误报：CPU 瞬时尖峰", "CPU 使用率瞬时尖峰触发告警，改为持续 5 分钟超过 90% 才告警。"),
        new(21, "等待事件分析：log file sync", "Oracle AWR 报告中未发现行锁等问题；等待主要来自 log file sync，存储写入延迟大。"),
        new(22, "UPS 电池老化", "配电间 UPS 电池自检失败，续航不足 10 分钟。"),
        new(23, "ＯＲＡＣＬＥ ＲＡＣ 节点驱逐", "ＲＡＣ 集群第二节点被驱逐，原因是私网心跳丢包。"),
        new(24, "Windows 补丁导致自助机蓝屏", "门诊自助挂号机安装补丁后蓝屏，回滚 KB5034441。"),
        new(25, "Kafka 消息积压", "HIS 与集成平台之间的 Kafka 消费者宕机，消息积压 200 万条。"),
        new(26, "file server log rotation", "The sync job of the file server wrote its log without rotation and filled the disk."),
    ];

    /// <summary>Run as a caller would: every term required, and any term when that finds nothing.</summary>
    public static readonly CorpusQuery[] Queries =
    [
        new("锁", null, [3, 4, 18, 21], [1, 2, 10]),
        new("宕机", 1, [1, 25], [2, 13]),
        new("告警", null, [2, 8, 9, 14, 20], [3, 10]),
        new("告警风暴", 2, [2], [8, 14, 20]),
        new("Oracle锁等待", 3, [3, 21], [4, 18, 19]),
        new("锁等待", 3, [3, 21], [4, 18]),
        new("oracle 锁等待", 3, [3, 21], [4]),
        new("死锁", 4, [4], [3, 18]),
        new("deadlock", null, [4, 10], [3]),
        new("deadlocks", 10, [10], [4]),
        new("ntp", null, [7, 12], [9]),
        new("NTP 同步", 7, [7], [12]),
        new("ORA-00060", 4, [4], [3, 19]),
        new("00060", 4, [4], [3]),
        new("ＯＲＡ－０００６０", 4, [4], [3]),
        new("10.1.2.3", 5, [5], [4]),
        new("his_db", 17, [17], [1, 13]),
        new("影像调阅", 5, [5], [16]),
        new("PACS", 5, [5], [6]),
        new("LIS 接口", 6, [6], [19]),
        new("lis", 6, [6], [19]),
        new("orac", null, [3, 4, 19, 21, 23], [1, 10]),
        new("时钟偏移", 7, [7], [12]),
        new("磁盘空间不足", 8, [8], [22]),
        new("磁盘空间不足了", 8, [8], []),
        new("WeCom 机器人", 9, [9], [2]),
        new("企业微信", 9, [9], []),
        new("switch flapping", 11, [11], [2]),
        new("连接池", 13, [13, 1], [17]),
        new("空调", 14, [14], [8]),
        new("RMAN", 15, [15], []),
        new("电子病历", 16, [16], [7]),
        new("ＲＡＣ", 23, [23], [3]),
        new("rac 驱逐", 23, [23], []),
        new("告警 -风暴", null, [8, 14, 20], [2]),
        new("\"log file sync\"", 21, [21], [26]),
        new("宕机 Kafka", 25, [25], [1]),
        new("TNS-12541", 19, [19], []),
        new("kb5034441", 24, [24], []),
        new("心电图", null, [], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]),
        new("蓝牙打印机", null, [], [24]),
    ];

    /// <summary>Checks one query's results (ids, best first).</summary>
    public static void Check(CorpusQuery query, IReadOnlyList<int> results)
    {
        var shown = $"'{query.Query}' gave [{string.Join(", ", results)}]";
        if (query.Top is { } top)
        {
            results.FirstOrDefault().ShouldBe(top, shown);
        }

        foreach (var id in query.Found)
        {
            results.ShouldContain(id, shown);
        }

        foreach (var id in query.NotFound)
        {
            results.ShouldNotContain(id, shown);
        }
    }
}
