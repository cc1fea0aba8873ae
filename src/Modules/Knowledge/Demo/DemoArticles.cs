namespace HospitalOps.Knowledge.Demo;

/// <summary>A demo article: its text, what it concerns, who wrote and approved it, and, for a second version, the first version's solution.</summary>
internal sealed record DemoArticle(
    string Key,
    string Title,
    string Symptom,
    string Cause,
    string Solution,
    string[] Tags,
    string[] Systems,
    string[] Cis,
    (string Title, string Query)[] Monitors,
    string Author,
    string Reviewer,
    string? OlderSolution = null);

/// <summary>The faults a Chinese hospital's IT department writes down, in its engineers' words.</summary>
internal static class DemoArticles
{
    private const string Dba = "吴刚（DBA）";
    private const string His = "陈浩";
    private const string Emr = "刘洋";
    private const string Imaging = "周磊";
    private const string Lab = "孙丽";
    private const string Infra = "郑涛";
    private const string Vendor = "黄强（驻场工程师）";
    private const string Pacs = "马超（PACS 工程师）";

    public static readonly DemoArticle[] All =
    [
        new("oracle-lock", "HIS 收费窗口卡住：Oracle 行锁等待（enq: TX - row lock contention）",
            "门诊收费、住院结算窗口点击“保存”后长时间转圈，随后提示超时；同一时段多个窗口同时出现。数据库等待事件 `enq: TX - row lock contention` 明显升高，阻塞会话数告警。",
            "某个会话更新了费用明细表的行后没有提交（常见于客户端异常退出、夜间批处理未结束或手工执行 SQL 后忘记 COMMIT），其他会话更新同一行时进入锁等待。",
            """
            1. 找出阻塞源：
               ```sql
               SELECT sid, serial#, username, program, blocking_session, event, seconds_in_wait
                 FROM v$session WHERE blocking_session IS NOT NULL;
               ```
            2. 与该会话的使用者（窗口或批处理负责人）确认后，结束阻塞会话：`ALTER SYSTEM KILL SESSION 'sid,serial#' IMMEDIATE;`
            3. 复查锁等待是否归零，通知收费窗口重试。
            4. 如为批处理导致，调整到夜间 23:00 后运行并分批提交。
            """,
            ["Oracle", "锁等待", "收费", "性能"], ["his-outpatient", "his-inpatient"], ["db-emr"],
            [("Oracle 锁等待请求数", "sum(oracle_lock_requests_waiting)"), ("被阻塞会话数", "sum(oracle_sessions_blocked)")],
            Dba, His,
            OlderSolution: "查询 v$session 找到阻塞会话，确认后 KILL 掉即可。"),

        new("ora-00060", "ORA-00060 死锁：住院医嘱并发保存时报 deadlock detected",
            "住院医生站同时保存医嘱时偶发报错 `ORA-00060: deadlock detected while waiting for resource`，其中一方保存失败，重试后成功。告警日志（alert.log）中出现死锁跟踪文件。",
            "两个事务以相反顺序更新医嘱主表和医嘱明细表，互相等待对方持有的行锁。Oracle 自动回滚其中一条语句并报 ORA-00060。",
            """
            1. 从 alert.log 找到 trace 文件，查看 `Deadlock graph` 中的两条 SQL 和对象。
            2. 临时：提醒科室避免多人同时编辑同一患者医嘱；失败后重试即可。
            3. 根治：联系厂商统一更新顺序（先主表、后明细），并为外键列补建索引，避免表级锁。
            4. 记录发生时间与 SQL，纳入月度数据库性能报告。
            """,
            ["Oracle", "死锁", "ORA-00060", "医嘱"], ["his-inpatient", "emr"], ["db-emr"],
            [("Oracle 锁等待请求数", "sum(oracle_lock_requests_waiting)")],
            Dba, Vendor),

        new("tablespace-full", "EMR 病历无法保存：Oracle 表空间已满（ORA-01653）",
            "医生保存病历时报错“无法扩展表”，日志中为 `ORA-01653: unable to extend table EMR.EMR_RECORD by 8192 in tablespace EMR_DATA`。表空间使用率监控超过 98%。",
            "EMR_DATA 表空间的数据文件未开启自动扩展，或已扩展到 32 GB 上限；每月病历归档增长约 40 GB 未被纳入容量规划。",
            """
            1. 确认使用率：`SELECT tablespace_name, used_percent FROM dba_tablespace_usage_metrics;`
            2. 在 ASM 磁盘组有空间时添加数据文件：
               `ALTER TABLESPACE EMR_DATA ADD DATAFILE '+DATA' SIZE 20G AUTOEXTEND ON NEXT 1G MAXSIZE 32G;`
            3. 通知医生重新保存。
            4. 在告警规则中把表空间阈值设为 85% 预警、95% 严重，并纳入季度容量报告。
            """,
            ["Oracle", "表空间", "容量", "ORA-01653"], ["emr"], ["db-emr"],
            [("表空间使用率", "max by (tablespace) (oracle_tablespace_used_ratio)")],
            Dba, Emr),

        new("pacs-echo", "PACS 收不到检查图像：DICOM C-ECHO 失败",
            "CT、DR 等设备把图像发送到 PACS 时失败，技师反映“发送队列堆积”；PACS 图像调阅找不到新检查。监控中 DICOM C-ECHO 探测失败。",
            "PACS 存储网关的 DICOM 服务（端口 104/11112）挂起，或设备端配置的 AE Title 与 PACS 登记的不一致（设备更换主板后恢复出厂设置）。",
            """
            1. 在运维机上测试：`echoscu -aet TEST -aec PACS_SCP pacs-gw01 11112`，看是否返回 Success。
            2. 失败：登录存储网关，重启 DICOM 服务，查看日志中的 `Association rejected` 原因。
            3. 若提示 Called AE Title 不识别：核对设备端 AE Title、IP、端口与 PACS 的设备登记表。
            4. 恢复后在设备端重发队列中的检查，确认 PACS 可以调阅。
            """,
            ["PACS", "DICOM", "影像", "C-ECHO"], ["pacs-ris"], ["db-pacs"],
            [("DICOM C-ECHO 成功率", "avg by (ci) (dicom_echo_success)"), ("C-ECHO 耗时", "max by (ci) (dicom_echo_duration_seconds)")],
            Pacs, Imaging,
            OlderSolution: "重启 PACS 存储网关的 DICOM 服务，让设备重发图像。"),

        new("lis-hl7", "LIS 仪器接口 HL7 消息堵塞，检验结果不回传",
            "生化、血球仪器已出结果，但 LIS 中样本一直显示“已上机”；接口程序日志停留在同一条消息，HL7 ACK 超时。",
            "接口服务与仪器的 MLLP 连接半开（仪器重启后 TCP 连接未重建），或一条含非法字符的 OBX 段导致接口程序反复重试同一条消息。",
            """
            1. 查看接口日志最后一条消息的控制号（MSH-10）与错误。
            2. 若为连接问题：在接口管理器中断开并重连该仪器通道。
            3. 若为坏消息：把该消息移到错误队列，通知检验科手工录入该样本结果。
            4. 确认后续消息 ACK 正常（MSA-1 = AA），样本状态变为“已审核”。
            """,
            ["LIS", "HL7", "仪器接口", "MLLP"], ["lis"], ["db-lis"],
            [("HL7 ACK 成功率", "avg by (ci) (hl7_ack_success)"), ("HL7 ACK 耗时", "max by (ci) (hl7_ack_duration_seconds)")],
            Lab, Vendor),

        new("clock-drift", "服务器时钟漂移：Kerberos 登录失败、EMR 电子签名时间戳无效",
            "部分医生工作站登录域时报“时间差异过大”，EMR 电子签名提示时间戳校验失败；相关服务器与 NTP 源的时间偏差超过 5 分钟。",
            "虚拟机所在宿主机的 NTP 配置失效，chronyd 未运行；Kerberos 默认只容忍 5 分钟偏差，CA 时间戳服务也会拒绝偏差过大的请求。",
            """
            1. 检查偏差：`chronyc tracking`，查看 System time 与 Leap status。
            2. 启动并设为开机自启：`systemctl enable --now chronyd`，必要时 `chronyc makestep` 立即校准。
            3. 确认域控、CA 时间戳服务器与院内 NTP 服务器同步。
            4. 在监控中对 `node_timex_offset_seconds` 设置 ±1 秒告警。
            """,
            ["NTP", "时钟", "Kerberos", "电子签名"], ["emr"], [],
            [("时钟偏差（秒）", "max by (ci) (abs(node_timex_offset_seconds))"), ("NTP 偏差", "max by (ci) (abs(ntp_offset_seconds))")],
            Infra, Emr,
            OlderSolution: "重启 chronyd 服务，时间同步后让医生重新登录。"),

        new("weblogic-stuck", "HIS 登录慢、页面无响应：WebLogic STUCK 线程",
            "早上 8 点门诊高峰时 HIS 登录慢，登录后页面长时间空白；WebLogic 控制台显示多个 `[STUCK] ExecuteThread`，挂起请求数上升。",
            "某个报表查询在业务高峰执行全表扫描，占住执行线程超过 600 秒，被 WebLogic 标为 STUCK；线程池排队，新的登录请求得不到线程。",
            """
            1. 在控制台“环境 → 服务器 → 监视 → 线程”中查看 STUCK 线程的堆栈，定位到具体报表或 SQL。
            2. 用 `jstack` 保存线程快照，交给厂商分析。
            3. 在数据库端结束该报表的长时间会话，观察线程池恢复。
            4. 将该报表移至查询库或夜间执行；为数据源设置语句超时。
            """,
            ["WebLogic", "中间件", "性能", "登录慢"], ["his-outpatient"], [],
            [("STUCK 线程数", "sum by (ci) (weblogic_threadpool_stuck_threads)"), ("挂起请求数", "sum by (ci) (weblogic_threadpool_pending_requests)")],
            His, Vendor),

        new("pg-replication-lag", "集成平台 PostgreSQL 流复制延迟升高",
            "集成平台（ESB）备库查询的数据比主库落后数分钟，监控 `pg_replication_lag_seconds` 持续超过 300 秒。",
            "主库夜间批量导入产生大量 WAL，备库所在存储 I/O 饱和，回放跟不上；或备库上长查询与回放冲突被暂停。",
            """
            1. 在主库查看：`SELECT client_addr, state, sent_lsn, replay_lsn, replay_lag FROM pg_stat_replication;`
            2. 在备库检查是否有长事务：`SELECT pid, now() - xact_start FROM pg_stat_activity ORDER BY 2 DESC;`
            3. 结束与回放冲突的长查询；错峰执行批量导入。
            4. 若 I/O 饱和，迁移备库到独立存储卷。
            """,
            ["PostgreSQL", "复制", "延迟", "备库"], ["integration"], ["db-integration"],
            [("复制延迟（秒）", "max by (ci) (pg_replication_lag_seconds)")],
            Dba, Infra),

        new("archivelog-full", "归档日志把磁盘写满：Oracle 挂起（ORA-00257）",
            "所有业务连接数据库时挂起或报 `ORA-00257: archiver error. Connect internal only, until freed`；归档目录所在磁盘使用率 100%。",
            "RMAN 备份作业失败后归档日志没有被删除，连续几天堆积在本地归档目录。",
            """
            1. 确认备份状态，先对归档日志执行一次备份：`RMAN> BACKUP ARCHIVELOG ALL DELETE INPUT;`
            2. 空间紧急时，确认已备份后删除旧归档：`DELETE ARCHIVELOG UNTIL TIME 'SYSDATE-2' BACKED UP 1 TIMES TO DISK;`
            3. 数据库自动恢复归档后，检查业务连接。
            4. 修复备份作业，监控归档目录剩余空间（低于 20% 告警）。
            """,
            ["Oracle", "磁盘", "归档日志", "备份"], ["emr", "pacs-ris"], ["db-emr"],
            [("归档目录剩余空间", "min by (ci) (node_filesystem_avail_bytes / node_filesystem_size_bytes)")],
            Dba, Infra),

        new("switch-flap", "门诊医生站间歇断网：接入交换机端口反复 up/down",
            "门诊二楼诊室的医生站每隔几分钟断网一次，持续十几秒；交换机日志中同一端口反复出现 `changed state to down/up`。",
            "网线水晶头氧化或网线被桌椅压损，端口速率协商失败；也见于工作站网卡节能设置导致的链路抖动。",
            """
            1. 在交换机上查看端口状态与错误计数：`display interface GigabitEthernet0/0/12`。
            2. 更换网线或重新压制水晶头；必要时把端口速率固定为 1000M 全双工。
            3. 关闭工作站网卡的“节能以太网”。
            4. 观察 30 分钟内端口状态无变化后关闭工单。
            """,
            ["网络", "交换机", "断网", "端口抖动"], ["his-outpatient"], [],
            [("端口运行状态", "min by (ci, if_name) (snmp_if_oper_status)")],
            Infra, His),

        new("wristband-printer", "入院登记处腕带打印机打印空白或错位",
            "住院登记处打印患者腕带时出现空白、条码打印一半或位置偏移，扫码枪无法识别腕带条码。",
            "更换腕带耗材后没有重新校准标签尺寸；或打印头积碳导致条码断线。",
            """
            1. 在打印机上长按“进纸”键执行标签自动校准。
            2. 用酒精棉片清洁打印头，等待干燥后测试打印。
            3. 在驱动中确认纸张尺寸为腕带规格（如 25 mm × 280 mm），打印浓度适当调高。
            4. 打印测试腕带，用扫码枪确认可以识别。
            """,
            ["打印机", "腕带", "入院登记", "条码"], ["his-inpatient"], [],
            [],
            His, Vendor),

        new("invoice-printer", "挂号收费窗口发票打印机脱机",
            "门诊挂号收费窗口打印电子票据时提示“打印机脱机”，票据排队无法打印。",
            "打印机 USB 线松动或 Windows 打印后台处理程序（Spooler）卡死；偶见打印机被设为“脱机使用”。",
            """
            1. 检查打印机电源与 USB 线，打印测试页。
            2. 重启打印后台处理程序：`net stop spooler && net start spooler`。
            3. 在“设备和打印机”中取消“脱机使用打印机”。
            4. 仍无效时更换备用打印机，记录资产编号后报修。
            """,
            ["打印机", "发票", "挂号", "收费"], ["his-outpatient", "e-invoice"], [],
            [],
            Vendor, His),

        new("host-down-ha", "虚拟化主机宕机后业务虚拟机未自动迁移（HA 未生效）",
            "一台虚拟化宿主机因电源故障宕机，上面的 5 台业务虚拟机全部离线 20 分钟，直到人工在其他主机上启动。",
            "集群 HA 的准入控制预留不足，剩余主机资源不够，HA 放弃重启虚拟机；宿主机电源模块为单点。",
            """
            1. 立即在资源充足的主机上手工启动受影响的虚拟机，按业务系统等级先恢复 HIS、EMR。
            2. 检查集群 HA 事件日志，确认重启失败原因。
            3. 调整准入控制：按“允许一台主机故障”预留资源。
            4. 在 CMDB 中为该宿主机补录冗余电源信息，更新单点故障分析。
            """,
            ["虚拟化", "宕机", "高可用", "HA"], ["his-outpatient", "emr", "lis"], [],
            [("探测成功率", "avg by (ci) (probe_success)")],
            Infra, Dba),

        new("alert-storm", "核心交换机故障引发告警风暴：按 CMDB 关联收敛告警",
            "核心交换机一块板卡故障时，几分钟内收到上千条告警（服务器不可达、接口超时、探测失败），值班人员无法判断根因。",
            "下游所有服务器和应用都依赖这台交换机，每个监控项各自产生告警；没有按拓扑关联收敛。",
            """
            1. 在告警事态页面按“根因”查看：平台会根据 CMDB 依赖关系把下游告警归并到交换机。
            2. 先处理交换机（切换到备用板卡或备用链路），下游告警会自动恢复。
            3. 为核心交换机维护窗口配置静默，避免计划内切换产生告警。
            4. 在 CMDB 中补全服务器到交换机的连接关系，确保收敛准确。
            """,
            ["告警", "告警风暴", "网络", "收敛"], ["integration"], [],
            [("端口运行状态", "min by (ci) (snmp_if_oper_status)")],
            Infra, Vendor),

        new("mysql-replication", "随访系统 MySQL 从库复制中断（Slave_SQL_Running: No）",
            "随访系统报表数据停在前一天；从库 `SHOW SLAVE STATUS` 显示 `Slave_SQL_Running: No`，错误 1062 主键冲突。",
            "有人在从库上直接写入了数据，主库同步过来的同一主键记录冲突，SQL 线程停止。",
            """
            1. 查看错误：`SHOW SLAVE STATUS\G` 中的 Last_SQL_Error。
            2. 确认冲突记录与主库一致后跳过该事务，或删除从库上的冲突行后 `START SLAVE;`。
            3. 将从库设为只读：`SET GLOBAL read_only = ON; SET GLOBAL super_read_only = ON;`
            4. 用 pt-table-checksum 校验主从一致性。
            """,
            ["MySQL", "复制", "随访", "主从"], ["follow-up"], ["db-followup"],
            [("SQL 线程运行", "min by (ci) (mysql_slave_status_slave_sql_running)"), ("从库延迟（秒）", "max by (ci) (mysql_slave_status_seconds_behind_master)")],
            Dba, Vendor),

        new("sqlserver-blocking", "LIS 报告审核超时：SQL Server 会话阻塞",
            "检验科审核报告时提示“执行超时已过期”；同一时间多台工作站卡住。数据库中被阻塞的请求数增加。",
            "LIS 的统计查询在报告表上持有共享锁时间过长，审核更新被阻塞；索引碎片导致查询变慢。",
            """
            1. 找出阻塞链：`SELECT session_id, blocking_session_id, wait_type, wait_time FROM sys.dm_exec_requests WHERE blocking_session_id <> 0;`
            2. 结束阻塞源头会话（确认为统计查询后）：`KILL <spid>;`
            3. 对报告表重建索引，统计查询改用快照隔离（READ_COMMITTED_SNAPSHOT）。
            4. 统计任务改到夜间执行。
            """,
            ["SQL Server", "阻塞", "LIS", "超时"], ["lis"], ["db-lis"],
            [("被阻塞请求数", "sum by (ci) (mssql_requests_blocked)")],
            Dba, Lab),

        new("tls-cert-expired", "互联网医院患者端无法访问：HTTPS 证书过期",
            "患者通过公众号进入互联网医院时提示“连接不安全”，小程序接口调用失败。",
            "负载均衡上的 SSL 证书已过期，续期提醒邮件发到了离职人员邮箱。",
            """
            1. 确认证书到期时间：`openssl s_client -connect web.hospital.local:443 | openssl x509 -noout -dates`。
            2. 向证书服务商申请续期，将新证书与中间证书链部署到负载均衡。
            3. 用浏览器和小程序分别验证。
            4. 在监控中对证书剩余天数设置 30 天预警，通知人改为科室公共邮箱。
            """,
            ["证书", "HTTPS", "互联网医院"], ["appointment"], [],
            [("证书剩余天数", "min by (ci) (probe_tls_certificate_days_left)")],
            Infra, His),

        new("iris-journal", "HIS 数据库日志空间不足，镜像同步告警",
            "HIS 数据库（IRIS）镜像成员状态告警，日志目录剩余空间持续下降；备机显示同步延迟。",
            "日志清理任务因备份失败而没有运行（日志只在备份成功且镜像已确认后清理），日志文件持续累积。",
            """
            1. 在管理门户查看镜像状态与日志目录使用情况。
            2. 先修复并手工执行一次备份，随后执行日志清理任务。
            3. 空间紧急时，把旧日志移到备用卷（不要直接删除仍被镜像需要的日志）。
            4. 监控日志卷剩余空间，低于 30% 告警。
            """,
            ["IRIS", "HIS", "日志", "镜像"], ["his-outpatient", "his-inpatient"], ["db-his"],
            [("日志剩余空间", "min by (ci) (iris_jrn_free_space)")],
            Dba, His),

        new("tomcat-threads", "预约挂号页面 502：Tomcat 线程池耗尽",
            "全业务预约平台在放号时段（每天 7:00）页面返回 502，前端 nginx 日志大量 upstream timed out。",
            "放号瞬间并发远超 Tomcat maxThreads（200），下游号源接口响应慢，线程全部阻塞等待。",
            """
            1. 查看线程使用：`tomcat_threads_busy` 接近 `tomcat_threads_max`。
            2. 临时：重启应用节点并在 nginx 开启排队页面。
            3. 调整 maxThreads 与 acceptCount，号源接口增加超时与缓存。
            4. 放号前扩容一个应用节点。
            """,
            ["Tomcat", "预约", "502", "线程池"], ["appointment"], [],
            [("忙线程数", "sum by (ci) (tomcat_threads_busy)"), ("最大线程数", "max by (ci) (tomcat_threads_max)")],
            Vendor, His),

        new("dataguard-lag", "EMR Oracle Data Guard 备库应用延迟",
            "EMR 容灾备库的应用延迟超过 30 分钟，Data Guard 状态显示 `apply lag`。",
            "主备之间专线带宽被影像传输占满，归档日志传输变慢；备库 MRP 进程停止也会导致延迟。",
            """
            1. 查看延迟：`SELECT name, value FROM v$dataguard_stats;`
            2. 检查备库 MRP 进程：`SELECT process, status FROM v$managed_standby;`，停止时重新启动日志应用。
            3. 与网络组协调为 Data Guard 流量设置 QoS。
            4. 延迟恢复到 1 分钟内后关闭告警。
            """,
            ["Oracle", "Data Guard", "容灾", "延迟"], ["emr"], ["db-emr"],
            [("Data Guard 延迟（秒）", "max by (ci) (oracle_dataguard_lag_seconds)")],
            Dba, Emr),

        new("backup-overdue", "SQL Server 备份作业失败：最近一次备份超过 24 小时",
            "巡检发现多个 SQL Server 数据库最近一次完整备份超过 24 小时；作业历史显示失败。",
            "备份目标共享目录的账号密码已过期，作业无法写入备份文件。",
            """
            1. 在 SQL Server 代理中查看作业历史的错误信息。
            2. 更新备份账号密码或改用服务账号，确认共享目录可写。
            3. 立即手工执行一次完整备份并校验：`RESTORE VERIFYONLY FROM DISK = '...';`
            4. 监控 `mssql_last_backup_age_seconds`，超过 26 小时告警。
            """,
            ["SQL Server", "备份", "巡检"], ["lis", "icu"], ["db-shared-sql"],
            [("距上次备份（小时）", "max by (ci, database) (mssql_last_backup_age_seconds) / 3600")],
            Dba, Lab),
    ];
}
