using HospitalOps.Kernel.Data;

namespace HospitalOps.Alerting.Data;

/// <summary>Alert rules, their evaluation state and history, and the events they raise, in the configuration database.</summary>
internal sealed class AlertingMigrations : IMigrationSource
{
    public DatabaseRole Target => DatabaseRole.Config;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new("alerting", 1, "alert rules, alert states and transitions, rule group runs, events",
            Sqlite: """
            CREATE TABLE alert_rules (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              group_name TEXT NOT NULL,
              expr TEXT NOT NULL,
              for_ms INTEGER NOT NULL,
              recover_expr TEXT NULL,
              scope TEXT NULL,
              template TEXT NULL,
              severity TEXT NOT NULL,
              labels TEXT NOT NULL DEFAULT '{}',
              annotations TEXT NOT NULL DEFAULT '{}',
              runbook_url TEXT NULL,
              interval_ms INTEGER NOT NULL,
              enabled INTEGER NOT NULL DEFAULT 1,
              last_eval_at INTEGER NULL,
              last_eval_ms REAL NULL,
              last_error TEXT NULL,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_alert_rules_name ON alert_rules (name);
            CREATE INDEX ix_alert_rules_group ON alert_rules (group_name);
            CREATE TABLE alert_group_runs (
              group_name TEXT PRIMARY KEY,
              slot_at INTEGER NOT NULL,
              node TEXT NOT NULL,
              duration_ms REAL NOT NULL DEFAULT 0,
              rules INTEGER NOT NULL DEFAULT 0,
              failed INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE alert_states (
              rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
              fingerprint TEXT NOT NULL,
              labels TEXT NOT NULL,
              annotations TEXT NOT NULL,
              state TEXT NOT NULL,
              active_since INTEGER NOT NULL,
              fired_at INTEGER NULL,
              value REAL NULL,
              evaluated_at INTEGER NOT NULL,
              PRIMARY KEY (rule_id, fingerprint)
            );
            CREATE TABLE alert_transitions (
              id INTEGER PRIMARY KEY,
              rule_id INTEGER NOT NULL,
              fingerprint TEXT NOT NULL,
              labels TEXT NOT NULL,
              from_state TEXT NOT NULL,
              to_state TEXT NOT NULL,
              at INTEGER NOT NULL,
              value REAL NULL
            );
            CREATE INDEX ix_alert_transitions_rule ON alert_transitions (rule_id, at);
            CREATE TABLE alert_events (
              id INTEGER PRIMARY KEY,
              fingerprint TEXT NOT NULL,
              rule_id INTEGER NULL,
              source TEXT NOT NULL,
              title TEXT NOT NULL,
              severity TEXT NOT NULL,
              labels TEXT NOT NULL,
              annotations TEXT NOT NULL,
              ci_code TEXT NULL,
              state TEXT NOT NULL,
              value REAL NULL,
              first_seen INTEGER NOT NULL,
              last_seen INTEGER NOT NULL,
              fire_count INTEGER NOT NULL DEFAULT 1,
              acknowledged_by TEXT NULL,
              acknowledged_at INTEGER NULL,
              resolved_at INTEGER NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX ix_alert_events_fingerprint ON alert_events (fingerprint, state);
            CREATE INDEX ix_alert_events_state ON alert_events (state, last_seen);
            CREATE INDEX ix_alert_events_ci ON alert_events (ci_code);
            """,
            PostgreSql: """
            CREATE TABLE alert_rules (
              id bigserial PRIMARY KEY,
              name varchar(200) NOT NULL,
              group_name varchar(200) NOT NULL,
              expr text NOT NULL,
              for_ms bigint NOT NULL,
              recover_expr text NULL,
              scope text NULL,
              template varchar(100) NULL,
              severity varchar(20) NOT NULL,
              labels text NOT NULL DEFAULT '{}',
              annotations text NOT NULL DEFAULT '{}',
              runbook_url varchar(2000) NULL,
              interval_ms bigint NOT NULL,
              enabled boolean NOT NULL DEFAULT true,
              last_eval_at bigint NULL,
              last_eval_ms double precision NULL,
              last_error text NULL,
              created_at bigint NOT NULL,
              updated_at bigint NOT NULL,
              version integer NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_alert_rules_name ON alert_rules (name);
            CREATE INDEX ix_alert_rules_group ON alert_rules (group_name);
            CREATE TABLE alert_group_runs (
              group_name varchar(200) PRIMARY KEY,
              slot_at bigint NOT NULL,
              node varchar(200) NOT NULL,
              duration_ms double precision NOT NULL DEFAULT 0,
              rules integer NOT NULL DEFAULT 0,
              failed integer NOT NULL DEFAULT 0
            );
            CREATE TABLE alert_states (
              rule_id bigint NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
              fingerprint varchar(64) NOT NULL,
              labels text NOT NULL,
              annotations text NOT NULL,
              state varchar(20) NOT NULL,
              active_since bigint NOT NULL,
              fired_at bigint NULL,
              value double precision NULL,
              evaluated_at bigint NOT NULL,
              PRIMARY KEY (rule_id, fingerprint)
            );
            CREATE TABLE alert_transitions (
              id bigserial PRIMARY KEY,
              rule_id bigint NOT NULL,
              fingerprint varchar(64) NOT NULL,
              labels text NOT NULL,
              from_state varchar(20) NOT NULL,
              to_state varchar(20) NOT NULL,
              at bigint NOT NULL,
              value double precision NULL
            );
            CREATE INDEX ix_alert_transitions_rule ON alert_transitions (rule_id, at);
            CREATE TABLE alert_events (
              id bigserial PRIMARY KEY,
              fingerprint varchar(64) NOT NULL,
              rule_id bigint NULL,
              source varchar(20) NOT NULL,
              title varchar(500) NOT NULL,
              severity varchar(20) NOT NULL,
              labels text NOT NULL,
              annotations text NOT NULL,
              ci_code varchar(200) NULL,
              state varchar(20) NOT NULL,
              value double precision NULL,
              first_seen bigint NOT NULL,
              last_seen bigint NOT NULL,
              fire_count integer NOT NULL DEFAULT 1,
              acknowledged_by varchar(200) NULL,
              acknowledged_at bigint NULL,
              resolved_at bigint NULL,
              version integer NOT NULL DEFAULT 1
            );
            CREATE INDEX ix_alert_events_fingerprint ON alert_events (fingerprint, state);
            CREATE INDEX ix_alert_events_state ON alert_events (state, last_seen);
            CREATE INDEX ix_alert_events_ci ON alert_events (ci_code);
            """),
        new("alerting", 2, "maintenance windows; events in maintenance; flapping events",
            Sqlite: """
            CREATE TABLE maintenance_windows (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              reason TEXT NULL,
              scope TEXT NOT NULL,
              starts_at INTEGER NULL,
              ends_at INTEGER NULL,
              cron TEXT NULL,
              duration_ms INTEGER NULL,
              enabled INTEGER NOT NULL DEFAULT 1,
              source TEXT NOT NULL,
              created_by TEXT NOT NULL,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            ALTER TABLE alert_events ADD COLUMN in_maintenance INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE alert_events ADD COLUMN maintenance_window_id INTEGER NULL;
            ALTER TABLE alert_events ADD COLUMN flapping INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX ix_alert_transitions_fingerprint ON alert_transitions (fingerprint, at);
            """,
            PostgreSql: """
            CREATE TABLE maintenance_windows (
              id bigserial PRIMARY KEY,
              name varchar(200) NOT NULL,
              reason varchar(1000) NULL,
              scope text NOT NULL,
              starts_at bigint NULL,
              ends_at bigint NULL,
              cron varchar(200) NULL,
              duration_ms bigint NULL,
              enabled boolean NOT NULL DEFAULT true,
              source varchar(20) NOT NULL,
              created_by varchar(200) NOT NULL,
              created_at bigint NOT NULL,
              updated_at bigint NOT NULL,
              version integer NOT NULL DEFAULT 1
            );
            ALTER TABLE alert_events ADD COLUMN in_maintenance boolean NOT NULL DEFAULT false;
            ALTER TABLE alert_events ADD COLUMN maintenance_window_id bigint NULL;
            ALTER TABLE alert_events ADD COLUMN flapping boolean NOT NULL DEFAULT false;
            CREATE INDEX ix_alert_transitions_fingerprint ON alert_transitions (fingerprint, at);
            """),
        new("alerting", 3, "notification channels and routes, on-call schedules, escalation policies, the notification outbox and its attempts, the event timeline, correlation, baseline rules and profiles, the work calendar",
            Sqlite: """
            CREATE TABLE notification_channels (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              type TEXT NOT NULL,
              language TEXT NOT NULL,
              settings TEXT NOT NULL,
              secret TEXT NULL,
              rate_per_minute INTEGER NOT NULL,
              enabled INTEGER NOT NULL DEFAULT 1,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_notification_channels_name ON notification_channels (name);
            CREATE TABLE notification_routes (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              position INTEGER NOT NULL,
              match TEXT NOT NULL,
              channels TEXT NOT NULL,
              schedule_id INTEGER NULL,
              escalation_policy_id INTEGER NULL,
              notify_resolved INTEGER NOT NULL DEFAULT 1,
              stop INTEGER NOT NULL DEFAULT 0,
              enabled INTEGER NOT NULL DEFAULT 1,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_notification_routes_name ON notification_routes (name);
            CREATE TABLE oncall_schedules (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              participants TEXT NOT NULL,
              rotation_days INTEGER NOT NULL,
              handover TEXT NOT NULL,
              anchor_date TEXT NOT NULL,
              holiday_participants TEXT NOT NULL DEFAULT '[]',
              holidays TEXT NOT NULL DEFAULT '[]',
              overrides TEXT NOT NULL DEFAULT '[]',
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_oncall_schedules_name ON oncall_schedules (name);
            CREATE TABLE escalation_policies (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              steps TEXT NOT NULL,
              repeat_minutes INTEGER NULL,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              version INTEGER NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_escalation_policies_name ON escalation_policies (name);
            CREATE TABLE alert_escalations (
              event_id INTEGER NOT NULL,
              route_id INTEGER NOT NULL,
              seq INTEGER NOT NULL,
              step INTEGER NOT NULL,
              at INTEGER NOT NULL,
              PRIMARY KEY (event_id, route_id, seq)
            );
            CREATE TABLE notification_outbox (
              id INTEGER PRIMARY KEY,
              idempotency_key TEXT NOT NULL,
              event_id INTEGER NULL,
              channel_id INTEGER NOT NULL,
              route_id INTEGER NULL,
              kind TEXT NOT NULL,
              recipients TEXT NOT NULL,
              title TEXT NOT NULL,
              body TEXT NOT NULL,
              state TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at INTEGER NOT NULL,
              claimed_by TEXT NULL,
              claimed_until INTEGER NULL,
              last_error TEXT NULL,
              created_at INTEGER NOT NULL,
              sent_at INTEGER NULL
            );
            CREATE UNIQUE INDEX ux_notification_outbox_key ON notification_outbox (idempotency_key);
            CREATE INDEX ix_notification_outbox_due ON notification_outbox (state, next_attempt_at);
            CREATE INDEX ix_notification_outbox_event ON notification_outbox (event_id);
            CREATE TABLE notification_attempts (
              id INTEGER PRIMARY KEY,
              outbox_id INTEGER NOT NULL REFERENCES notification_outbox(id) ON DELETE CASCADE,
              channel_id INTEGER NOT NULL,
              at INTEGER NOT NULL,
              outcome TEXT NOT NULL,
              detail TEXT NULL,
              duration_ms REAL NOT NULL
            );
            CREATE INDEX ix_notification_attempts_outbox ON notification_attempts (outbox_id);
            CREATE INDEX ix_notification_attempts_channel ON notification_attempts (channel_id, at);
            CREATE TABLE alert_event_log (
              id INTEGER PRIMARY KEY,
              event_id INTEGER NOT NULL,
              at INTEGER NOT NULL,
              kind TEXT NOT NULL,
              actor TEXT NULL,
              detail TEXT NULL,
              notice_pending INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_alert_event_log_event ON alert_event_log (event_id, at);
            CREATE INDEX ix_alert_event_log_pending ON alert_event_log (notice_pending, id);
            ALTER TABLE alert_events ADD COLUMN parent_event_id INTEGER NULL;
            CREATE INDEX ix_alert_events_parent ON alert_events (parent_event_id);
            ALTER TABLE alert_rules ADD COLUMN kind TEXT NOT NULL DEFAULT 'threshold';
            CREATE TABLE baseline_profiles (
              rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
              fingerprint TEXT NOT NULL,
              labels TEXT NOT NULL,
              profile TEXT NOT NULL,
              learned_at INTEGER NOT NULL,
              PRIMARY KEY (rule_id, fingerprint)
            );
            CREATE TABLE work_calendar_days (
              day TEXT PRIMARY KEY,
              kind TEXT NOT NULL,
              note TEXT NULL
            );
            """,
            PostgreSql: """
            CREATE TABLE notification_channels (
              id bigserial PRIMARY KEY,
              name varchar(200) NOT NULL,
              type varchar(40) NOT NULL,
              language varchar(10) NOT NULL,
              settings text NOT NULL,
              secret text NULL,
              rate_per_minute integer NOT NULL,
              enabled boolean NOT NULL DEFAULT true,
              created_at bigint NOT NULL,
              updated_at bigint NOT NULL,
              version integer NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_notification_channels_name ON notification_channels (name);
            CREATE TABLE notification_routes (
              id bigserial PRIMARY KEY,
              name varchar(200) NOT NULL,
              position integer NOT NULL,
              match text NOT NULL,
              channels text NOT NULL,
              schedule_id bigint NULL,
              escalation_policy_id bigint NULL,
              notify_resolved boolean NOT NULL DEFAULT true,
              stop boolean NOT NULL DEFAULT false,
              enabled boolean NOT NULL DEFAULT true,
              created_at bigint NOT NULL,
              updated_at bigint NOT NULL,
              version integer NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_notification_routes_name ON notification_routes (name);
            CREATE TABLE oncall_schedules (
              id bigserial PRIMARY KEY,
              name varchar(200) NOT NULL,
              participants text NOT NULL,
              rotation_days integer NOT NULL,
              handover text NOT NULL,
              anchor_date text NOT NULL,
              holiday_participants text NOT NULL DEFAULT '[]',
              holidays text NOT NULL DEFAULT '[]',
              overrides text NOT NULL DEFAULT '[]',
              created_at bigint NOT NULL,
              updated_at bigint NOT NULL,
              version integer NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_oncall_schedules_name ON oncall_schedules (name);
            CREATE TABLE escalation_policies (
              id bigserial PRIMARY KEY,
              name varchar(200) NOT NULL,
              steps text NOT NULL,
              repeat_minutes integer NULL,
              created_at bigint NOT NULL,
              updated_at bigint NOT NULL,
              version integer NOT NULL DEFAULT 1
            );
            CREATE UNIQUE INDEX ux_escalation_policies_name ON escalation_policies (name);
            CREATE TABLE alert_escalations (
              event_id bigint NOT NULL,
              route_id bigint NOT NULL,
              seq integer NOT NULL,
              step integer NOT NULL,
              at bigint NOT NULL,
              PRIMARY KEY (event_id, route_id, seq)
            );
            CREATE TABLE notification_outbox (
              id bigserial PRIMARY KEY,
              idempotency_key varchar(200) NOT NULL,
              event_id bigint NULL,
              channel_id bigint NOT NULL,
              route_id bigint NULL,
              kind varchar(20) NOT NULL,
              recipients text NOT NULL,
              title text NOT NULL,
              body text NOT NULL,
              state varchar(20) NOT NULL,
              attempts integer NOT NULL DEFAULT 0,
              next_attempt_at bigint NOT NULL,
              claimed_by varchar(200) NULL,
              claimed_until bigint NULL,
              last_error text NULL,
              created_at bigint NOT NULL,
              sent_at bigint NULL
            );
            CREATE UNIQUE INDEX ux_notification_outbox_key ON notification_outbox (idempotency_key);
            CREATE INDEX ix_notification_outbox_due ON notification_outbox (state, next_attempt_at);
            CREATE INDEX ix_notification_outbox_event ON notification_outbox (event_id);
            CREATE TABLE notification_attempts (
              id bigserial PRIMARY KEY,
              outbox_id bigint NOT NULL REFERENCES notification_outbox(id) ON DELETE CASCADE,
              channel_id bigint NOT NULL,
              at bigint NOT NULL,
              outcome varchar(20) NOT NULL,
              detail text NULL,
              duration_ms double precision NOT NULL
            );
            CREATE INDEX ix_notification_attempts_outbox ON notification_attempts (outbox_id);
            CREATE INDEX ix_notification_attempts_channel ON notification_attempts (channel_id, at);
            CREATE TABLE alert_event_log (
              id bigserial PRIMARY KEY,
              event_id bigint NOT NULL,
              at bigint NOT NULL,
              kind varchar(40) NOT NULL,
              actor varchar(200) NULL,
              detail text NULL,
              notice_pending boolean NOT NULL DEFAULT false
            );
            CREATE INDEX ix_alert_event_log_event ON alert_event_log (event_id, at);
            CREATE INDEX ix_alert_event_log_pending ON alert_event_log (notice_pending, id);
            ALTER TABLE alert_events ADD COLUMN parent_event_id bigint NULL;
            CREATE INDEX ix_alert_events_parent ON alert_events (parent_event_id);
            ALTER TABLE alert_rules ADD COLUMN kind varchar(20) NOT NULL DEFAULT 'threshold';
            CREATE TABLE baseline_profiles (
              rule_id bigint NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
              fingerprint varchar(64) NOT NULL,
              labels text NOT NULL,
              profile text NOT NULL,
              learned_at bigint NOT NULL,
              PRIMARY KEY (rule_id, fingerprint)
            );
            CREATE TABLE work_calendar_days (
              day varchar(10) PRIMARY KEY,
              kind varchar(20) NOT NULL,
              note varchar(200) NULL
            );
            """),
    ];
}
