//! Every answered read of someone else's record is already in the audit trail when its answer
//! arrives: the service's workers hand their reads' rows to one writer that commits many at
//! once, and a read is answered only after the commit that holds its row.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Api, Res};

fn briefs_read_by_the_manager(api: &Api) -> Res<u64> {
    let conn = rusqlite::Connection::open(&api.db)?;
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM audit_log WHERE action = 'read brief' AND actor = 'manager:10001'",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(n)?)
}

#[test]
fn each_answered_brief_is_in_the_audit_trail_when_it_arrives() -> Res {
    let api = Arc::new(Api::start("registry_workers = 4")?);
    assert_eq!(briefs_read_by_the_manager(&api)?, 0);
    let answered = Arc::new(AtomicU64::new(0));
    let callers: Vec<_> = (0..8)
        .map(|caller| {
            let (api, answered) = (Arc::clone(&api), Arc::clone(&answered));
            std::thread::spawn(move || -> Result<(), String> {
                for i in 0..15 {
                    let no = ["10023", "10024", "10025"][(caller + i) % 3];
                    let path = format!("/api/v1/people/{no}/brief");
                    let answer = api
                        .get(Some("manager"), &path)
                        .send()
                        .map_err(|e| e.to_string())?;
                    if answer.status() != 200 {
                        return Err(format!("{path}: {}", answer.status()));
                    }
                    let so_far = answered.fetch_add(1, Ordering::SeqCst) + 1;
                    // Every answer counted so far has arrived, so its row has committed.
                    let rows = briefs_read_by_the_manager(&api).map_err(|e| e.to_string())?;
                    if rows < so_far {
                        return Err(format!(
                            "{so_far} briefs answered, {rows} in the audit trail"
                        ));
                    }
                }
                Ok(())
            })
        })
        .collect();
    for caller in callers {
        caller.join().map_err(|_| "a caller panicked")??;
    }
    assert_eq!(answered.load(Ordering::SeqCst), 120);
    assert_eq!(briefs_read_by_the_manager(&api)?, 120);
    let trail = api.registry()?.audit(&skillreg_store::AuditFilter {
        employee: Some("10024".into()),
        since: None,
    })?;
    let row = trail
        .iter()
        .find(|a| a.action == "read brief")
        .ok_or("no audit row of 10024's brief")?;
    assert_eq!(
        (row.actor.as_str(), row.via.as_str()),
        ("manager:10001", "api token test-manager")
    );
    Ok(())
}
