using HospitalOps.Kernel.Data;

namespace HospitalOps.Calendars.Data;

internal sealed class CalendarsMigrations : IMigrationSource
{
    public DatabaseRole Target => DatabaseRole.Config;

    // The holidays were kept by alerting (work_calendar_days, for its baselines) before this module existed; they move
    // here once, with the days an administrator entered. Modules migrate in the order of their names, so alerting's
    // table exists by now; it is created empty when alerting is not part of the host, so the move never fails.
    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new("calendars", 1, "holiday calendar (public holidays and make-up working days), taken over from alerting",
            Sqlite: """
            CREATE TABLE calendar_days (
              day TEXT PRIMARY KEY,
              kind TEXT NOT NULL,
              festival TEXT NULL
            );
            CREATE TABLE IF NOT EXISTS work_calendar_days (day TEXT PRIMARY KEY, kind TEXT NOT NULL, note TEXT NULL);
            INSERT INTO calendar_days (day, kind, festival) SELECT day, kind, note FROM work_calendar_days;
            DROP TABLE work_calendar_days;
            """,
            PostgreSql: """
            CREATE TABLE calendar_days (
              day varchar(10) PRIMARY KEY,
              kind varchar(20) NOT NULL,
              festival varchar(200) NULL
            );
            CREATE TABLE IF NOT EXISTS work_calendar_days (day varchar(10) PRIMARY KEY, kind varchar(20) NOT NULL, note varchar(200) NULL);
            INSERT INTO calendar_days (day, kind, festival) SELECT day, kind, note FROM work_calendar_days;
            DROP TABLE work_calendar_days;
            """),

        // Business calendars (服务时间): the working periods of the week as JSON ([{"weekday":1,"from":"08:00","to":"12:00"}, …],
        // ISO weekdays), read and written whole with the calendar. calendar_revisions counts the changes of the holiday
        // days, so a node that cached a calendar built from them sees another node's edit.
        new("calendars", 2, "business calendars (working hours, 7×24) and the holiday calendar's revision",
            Sqlite: """
            CREATE TABLE business_calendars (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              description TEXT NULL,
              time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
              always_open INTEGER NOT NULL DEFAULT 0,
              follows_holidays INTEGER NOT NULL DEFAULT 1,
              periods TEXT NOT NULL DEFAULT '[]',
              built_in INTEGER NOT NULL DEFAULT 0,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            CREATE TABLE calendar_revisions (name TEXT PRIMARY KEY, revision INTEGER NOT NULL);
            INSERT INTO calendar_revisions (name, revision) VALUES ('holidays', 1);
            """,
            PostgreSql: """
            CREATE TABLE business_calendars (
              id bigserial PRIMARY KEY,
              name varchar(100) NOT NULL UNIQUE,
              description varchar(500) NULL,
              time_zone varchar(100) NOT NULL DEFAULT 'Asia/Shanghai',
              always_open boolean NOT NULL DEFAULT false,
              follows_holidays boolean NOT NULL DEFAULT true,
              periods text NOT NULL DEFAULT '[]',
              built_in boolean NOT NULL DEFAULT false,
              created_at bigint NOT NULL,
              updated_at bigint NOT NULL,
              version integer NOT NULL DEFAULT 1
            );
            CREATE TABLE calendar_revisions (name varchar(50) PRIMARY KEY, revision bigint NOT NULL);
            INSERT INTO calendar_revisions (name, revision) VALUES ('holidays', 1);
            """),
    ];
}
