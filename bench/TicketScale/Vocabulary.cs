namespace HospitalOps.Bench.TicketScale;

/// <summary>
/// The words of the generated tickets: faults a hospital IT desk hears every day, where they happen, who reports them and how they
/// end. A fault names the kind of system it belongs to, so HIS tickets talk about 挂号 and 收费, PACS tickets about 影像 and DICOM.
/// </summary>
internal static class Vocabulary
{
    /// <summary>A fault: its title, a sentence of the description, what fixed it, and how often it comes (relative weight).</summary>
    internal sealed record Fault(string Title, string Detail, string Resolution, int Weight, string Kind);

    public static readonly Fault[] Faults =
    [
        new("挂号 慢", "挂号窗口点击确认后要等十几秒才出号，排队患者很多", "数据库会话阻塞，清理阻塞会话后恢复", 40, "his"),
        new("挂号 失败 提示 号源 已满", "自助机挂号提示号源已满，但医生排班显示还有号", "号源缓存与排班不一致，重建号源缓存", 15, "his"),
        new("收费 窗口 无法 结算", "门诊收费结算时报错，提示医保接口超时", "医保前置机网络抖动，重启前置服务", 30, "his"),
        new("门诊 医生站 卡顿", "医生开医嘱时界面卡住，等待半分钟才响应", "应用服务器内存不足，调整 JVM 参数并重启", 30, "his"),
        new("处方 打印 乱码", "门诊处方打印出来是乱码，换打印机也一样", "打印模板字体丢失，重新安装字体", 12, "his"),
        new("药房 发药 系统 报错", "药房发药时提示库存不足，但实际有药", "库存数据未同步，手工同步库存", 15, "his"),
        new("住院 结算 金额 不对", "出院结算金额与明细合计不一致", "费用明细重复计费，冲销后重新结算", 10, "his"),
        new("ORA-00060 死锁", "后台日志出现 ORA-00060: deadlock detected while waiting for resource，业务偶发报错", "调整事务提交顺序，消除交叉更新", 8, "db"),
        new("Oracle锁等待 导致 业务 卡住", "Oracle锁等待严重，enq: TX - row lock contention，多个科室反映保存不了", "定位并结束长事务，优化 SQL 执行计划", 10, "db"),
        new("数据库 表空间 不足", "告警提示表空间使用率超过 95%，ORA-01653 无法扩展", "扩展表空间并设置自动扩展上限", 10, "db"),
        new("数据库 连接数 满", "应用报 ORA-00020 maximum number of processes exceeded", "清理空闲连接，调大 processes 参数", 6, "db"),
        new("SQL Server 阻塞", "LIS 数据库出现长时间阻塞，检验报告无法审核", "结束阻塞进程，重建相关索引", 6, "db"),
        new("Caché 镜像 切换", "HIS 数据库镜像发生切换，部分终端断开重连", "检查镜像仲裁，恢复主备同步", 3, "db"),
        new("PACS 影像 调阅 失败", "医生工作站调阅 CT 影像一直转圈，提示 DICOM 查询超时", "PACS 存储节点负载高，迁移历史影像后恢复", 25, "pacs"),
        new("影像 上传 延迟", "CT 检查完成半小时后影像还没有上传到 PACS", "设备到 PACS 的 DICOM 发送队列堵塞，重启发送服务", 12, "pacs"),
        new("RIS 报告 无法 签发", "放射科医生签发报告时提示签名服务不可用", "CA 签名服务证书过期，更新证书", 8, "pacs"),
        new("胶片 打印机 卡片", "自助胶片打印机卡片，患者取不到胶片", "清理卡片并校准进片器", 8, "pacs"),
        new("检验 结果 不回传", "检验科审核后的结果没有回传到医生站", "HL7 接口消息积压，重启接口服务", 20, "lis"),
        new("LIS 条码 打印 错误", "采血处打印的条码扫不出来", "条码打印机碳带老化，更换碳带", 12, "lis"),
        new("仪器 通讯 中断", "生化仪与 LIS 通讯中断，结果要手工录入", "串口服务器掉线，重新上电", 10, "lis"),
        new("电子病历 保存 失败", "医生写病历保存时提示失败，内容丢失", "病历服务会话超时设置过短，调整后恢复", 20, "emr"),
        new("病历 打开 很慢", "打开患者病历需要一分钟以上", "病历文档索引碎片多，重建索引", 15, "emr"),
        new("病历 模板 丢失", "科室病历模板突然不见了", "模板权限被误改，恢复权限配置", 6, "emr"),
        new("打印机 无法 打印", "护士站打印机显示脱机，打印任务一直排队", "打印服务卡死，清理队列后重启打印服务", 35, "desk"),
        new("打印机 卡纸", "收费处票据打印机频繁卡纸", "更换搓纸轮", 15, "desk"),
        new("电脑 蓝屏", "护士站电脑开机蓝屏，无法进入系统", "内存条接触不良，重新插拔", 15, "desk"),
        new("电脑 开机 很慢", "医生电脑开机要十分钟", "清理启动项并更换固态硬盘", 10, "desk"),
        new("扫码枪 无法 识别", "门诊扫码枪扫不出医保电子凭证", "扫码枪模式设置错误，恢复出厂设置", 10, "desk"),
        new("读卡器 读不了 社保卡", "收费窗口读卡器读不了社保卡", "读卡器驱动异常，重新安装驱动", 12, "desk"),
        new("网络 中断", "整层楼网络中断，所有终端无法访问 HIS", "接入交换机电源故障，更换电源模块", 25, "net"),
        new("网络 时断时续", "病区网络时断时续，无线查房经常掉线", "AP 信道冲突，重新规划信道", 15, "net"),
        new("无线 网络 连不上", "移动护理 PDA 连不上无线网络", "无线认证服务器证书过期，更新证书", 10, "net"),
        new("VPN 无法 连接", "分院 VPN 无法连接总院", "专线运营商故障，协调运营商恢复", 6, "net"),
        new("交换机 端口 故障", "机房交换机端口指示灯不亮", "更换光模块", 5, "net"),
        new("服务器 CPU 过高", "应用服务器 CPU 持续 100%，业务响应慢", "定位死循环线程，发布补丁", 10, "infra"),
        new("磁盘 空间 不足", "服务器 /u01 目录使用率 98%", "清理归档日志并扩容", 12, "infra"),
        new("虚拟机 宕机", "虚拟化平台上一台虚拟机宕机，HA 未自动拉起", "宿主机故障，手工迁移虚拟机", 5, "infra"),
        new("存储 链路 告警", "存储多路径告警，一条链路离线", "更换 HBA 卡光纤跳线", 4, "infra"),
        new("Tomcat 内存 溢出", "应用日志出现 java.lang.OutOfMemoryError，Tomcat 停止响应", "调大堆内存并修复内存泄漏", 8, "mw"),
        new("WebLogic 线程 阻塞", "WebLogic 出现 STUCK 线程，页面打不开", "重启受管服务器，优化慢 SQL", 6, "mw"),
        new("Nginx 502 错误", "互联网医院页面报 502 Bad Gateway", "后端服务进程退出，配置守护进程自动拉起", 6, "mw"),
        new("接口 超时", "集成平台调用医保接口超时", "对端服务限流，调整调用频率", 12, "esb"),
        new("HL7 消息 积压", "集成平台 HL7 消息队列积压上万条", "消费端处理慢，增加消费线程", 8, "esb"),
        new("叫号 屏 不显示", "门诊候诊区叫号屏黑屏", "叫号屏信息发布终端死机，重启终端", 10, "desk"),
        new("账号 被锁", "护士账号输错密码被锁定", "解锁账号并重置密码", 20, "desk"),
        new("申请 开通 权限", "新入职医生需要开通 HIS 和 EMR 权限", "按审批单开通权限", 30, "request"),
        new("申请 安装 软件", "科室需要安装 PDF 阅读器和输入法", "远程安装软件", 15, "request"),
        new("申请 新增 打印机", "病区新增一台打印机需要配置", "安装驱动并配置共享", 10, "request"),
        new("申请 数据 导出", "医务科需要导出上季度手术统计数据", "按需求编写查询并导出", 8, "request"),
        new("MR 液氦 压力 报警", "核磁共振设备液氦压力报警，设备停机", "联系厂家补充液氦并检查冷头", 1, "rare"),
    ];

    /// <summary>Which faults fit a business system, by words in its name.</summary>
    public static string KindOf(string systemName) =>
        systemName.Contains("PACS") || systemName.Contains("影像") || systemName.Contains("病理") || systemName.Contains("心电") ? "pacs"
        : systemName.Contains("LIS") || systemName.Contains("检验") ? "lis"
        : systemName.Contains("EMR") || systemName.Contains("病历") || systemName.Contains("护理") ? "emr"
        : systemName.Contains("ESB") || systemName.Contains("集成") || systemName.Contains("医保") ? "esb"
        : "his";

    public static readonly string[] Places =
    [
        "门诊一楼收费处", "门诊二楼内科诊区", "急诊科分诊台", "住院部五楼护士站", "住院部八楼医生办公室", "放射科登记台", "CT 室", "检验科", "采血处",
        "中心药房", "门诊药房", "手术室", "ICU", "病案室", "医务科", "财务科", "信息科机房", "儿科门诊", "妇产科病区", "体检中心", "发热门诊", "分院门诊部",
    ];

    public static readonly string[] Reporters =
    [
        "张护士", "李医生", "王主任", "刘老师", "陈收费员", "杨药师", "赵技师", "黄护士长", "周医生", "吴科长", "徐护士", "孙医生", "胡老师", "朱技师", "高护士",
        "林医生", "何主任", "郭收费员", "马护士", "罗医生",
    ];

    public static readonly string[] Extras =
    [
        "影响较大，请尽快处理。", "已重启电脑，问题依旧。", "上午开始出现，下午更严重。", "多个科室都有反映。", "只有这一台终端有问题。",
        "之前也出现过一次。", "患者在窗口排队等候。", "夜班时段出现。", "",
    ];

    /// <summary>Assignees: the demo hospital's engineers first (they are accounts), then engineers who are only names on old tickets.</summary>
    public static readonly string[] Assignees =
    [
        "chen.hao", "liu.yang", "zhou.lei", "sun.li", "wu.gang", "zheng.tao", "huang.qiang", "ma.chao", "xu.jing", "gao.feng", "lin.hui", "he.ping", "guo.qiang",
        "luo.ming", "liang.yu", "song.jie", "xie.fang", "han.bing", "tang.wei", "feng.lin", "deng.chao", "cao.yi", "peng.fei", "zeng.xin", "xiao.hong", "tian.ye",
        "dong.li", "pan.yue", "yuan.hao", "jiang.nan",
    ];

    public static readonly string[] Teams = ["team-his", "team-emr", "team-imaging", "team-lab", "team-apps"];
}
