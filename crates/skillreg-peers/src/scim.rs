//! Starts a real SCIM 2.0 server (`scim2-server` 0.8, a Python package) on loopback, and seeds it
//! with Users.
//!
//! What the server does, as probed by hand (and relied upon by the SCIM adapter's tests):
//! - It serves RFC 7643's schemas under `/v2`, in memory: a new server is empty.
//! - `id` and `meta.created` are assigned by the server; values a client sends for them are
//!   ignored (so a test cannot back-date `meta.created`, which is always the moment of the POST,
//!   in UTC with microseconds: `2026-11-23T14:21:03.092733Z`). For a start date of the test's
//!   choosing, [`start_scim_with_employment_extension`] also serves [`EMPLOYMENT_EXTENSION`], an
//!   extension schema with a `startDate` (dateTime) attribute. A date-only value `2015-03-01` is
//!   stored and returned as `2015-03-01T00:00:00`, without an offset.
//! - An attribute no schema declares is refused with 400 `Extra inputs are not permitted`.
//! - `userName` is unique, case-insensitively (409 `uniqueness`).
//! - `enterprise.manager.value` is not checked: it may name no user at all.
//! - `GET /v2/Users` pages by `startIndex`/`count`, in the order of the ids (random hex), with
//!   `totalResults`, `startIndex` and `itemsPerPage`; `count` is capped at 1,000 (`maxResults`),
//!   a `startIndex` past the end gives an empty page, a non-number gives 400. `filter` and
//!   `attributes` (also fully qualified extension attributes) work.
//! - `active: false` is stored and returned as is; a user created without `active` has none.
//! - `PATCH` answers 204 without a body.
//! - With `--bearer-token T`, any other or missing `Authorization` gets 401 with
//!   `WWW-Authenticate: Bearer realm="SCIM"` and a SCIM error body; the server's log names no
//!   token.

use std::collections::HashMap;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::{Server, free_port, peer_bin};

/// The id of the extension schema [`start_scim_with_employment_extension`] adds to User: it has
/// `startDate` (dateTime), the first day of employment, and `gender` (a string, as an HR system
/// states it; read only by a mapping with `gender_attribute`). A mapping file names it
/// as `start_attribute = "urn:example:params:scim:schemas:extension:employment:2.0:User:startDate"`.
pub const EMPLOYMENT_EXTENSION: &str =
    "urn:example:params:scim:schemas:extension:employment:2.0:User";

/// Starts `scim2-server` with its default schemas on a free port (see the module docs for how it
/// behaves). With `token`, only `Authorization: Bearer <token>` is accepted.
pub fn start_scim(token: Option<&str>) -> Result<Server, String> {
    start(token, false)
}

/// Like [`start_scim`], with User also having the [`EMPLOYMENT_EXTENSION`] schema.
pub fn start_scim_with_employment_extension(token: Option<&str>) -> Result<Server, String> {
    start(token, true)
}

/// The SCIM base URL of a server started here: `http://127.0.0.1:PORT/v2`.
pub fn scim_base(server: &Server) -> String {
    format!("{}/v2", server.origin)
}

/// Writes the default schemas and resource types plus the employment extension into `dir`, with
/// the server's own Python (so that the defaults are exactly the installed package's).
const WRITE_SCHEMAS: &str = r#"
import json, sys
from importlib.resources import files
out, ext_id = sys.argv[1], sys.argv[2]
res = files("scim2_server") / "resources"
schemas = json.loads((res / "default-schemas.json").read_text(encoding="utf-8"))
schemas.append({
    "id": ext_id,
    "name": "EmploymentUser",
    "description": "Employment facts of a user",
    "attributes": [{
        "name": "startDate", "type": "dateTime", "multiValued": False,
        "description": "First day of employment", "required": False, "caseExact": False,
        "mutability": "readWrite", "returned": "default", "uniqueness": "none",
    }, {
        "name": "gender", "type": "string", "multiValued": False,
        "description": "Gender as the HR system states it", "required": False,
        "caseExact": False, "mutability": "readWrite", "returned": "default",
        "uniqueness": "none",
    }],
})
types = json.loads((res / "default-resource-types.json").read_text(encoding="utf-8"))
for t in types:
    if t["id"] == "User":
        t.setdefault("schemaExtensions", []).append({"schema": ext_id, "required": False})
with open(out + "/schemas.json", "w", encoding="utf-8") as f:
    json.dump(schemas, f)
with open(out + "/resource-types.json", "w", encoding="utf-8") as f:
    json.dump(types, f)
"#;

fn start(token: Option<&str>, extension: bool) -> Result<Server, String> {
    let bin = peer_bin("scim2-server")?;
    let mut last = String::new();
    // Another process may take the free port before the server binds it: try a few ports.
    for _ in 0..5 {
        let port = free_port()?;
        let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temp dir: {e}"))?;
        let mut command = Command::new(&bin);
        command
            .arg("--hostname")
            .arg("127.0.0.1")
            .arg("--port")
            .arg(port.to_string());
        if let Some(token) = token {
            command.arg("--bearer-token").arg(token);
        }
        if extension {
            let python = peer_bin("python")?;
            let out = Command::new(python)
                .arg("-c")
                .arg(WRITE_SCHEMAS)
                .arg(dir.path())
                .arg(EMPLOYMENT_EXTENSION)
                .output()
                .map_err(|e| format!("cannot run the peers' python: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "cannot write the SCIM schemas with the employment extension ({}): {}",
                    out.status,
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            command
                .arg("--schema")
                .arg(dir.path().join("schemas.json"))
                .arg("--resource-type")
                .arg(dir.path().join("resource-types.json"));
        }
        match Server::start(
            command,
            port,
            dir,
            "/v2/ServiceProviderConfig",
            Duration::from_secs(30),
        ) {
            Ok(server) => return Ok(server),
            Err(e)
                if e.contains("Address already in use")
                    || e.contains("another process holds the port") =>
            {
                last = e
            }
            Err(e) => return Err(format!("scim2-server did not start: {e}")),
        }
    }
    Err(format!(
        "scim2-server did not start: every port tried was taken; last: {last}"
    ))
}

/// Sends `method path` (path below `/v2`, e.g. `/Users`) with a JSON `body` and returns the
/// status and the JSON answer (`Value::Null` for an empty body).
pub fn request(
    server: &Server,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<(u16, Value), String> {
    let url = format!("{}{path}", scim_base(server));
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|e| format!("bad method {method:?}: {e}"))?;
    // reqwest is built without a default TLS provider; the peers talk plain HTTP on
    // loopback, but the client still needs one (already installed is fine).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
    let mut req = client
        .request(method.clone(), &url)
        .header("Content-Type", "application/scim+json");
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(body) = body {
        req = req.body(body.to_string());
    }
    let resp = req
        .send()
        .map_err(|e| format!("{method} {url} failed: {e}"))?;
    let status = resp.status().as_u16();
    let text = resp
        .text()
        .map_err(|e| format!("{method} {url}: cannot read the answer: {e}"))?;
    let json = if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text)
            .map_err(|e| format!("{method} {url}: the answer is not JSON ({e}): {text}"))?
    };
    Ok((status, json))
}

/// POSTs one User and returns the created resource (with the `id` the server gave it).
pub fn post_user(server: &Server, token: Option<&str>, user: &Value) -> Result<Value, String> {
    let (status, created) = request(server, token, "POST", "/Users", Some(user))?;
    if status != 201 {
        return Err(format!(
            "POST /v2/Users answered {status}: {created} (for {user})"
        ));
    }
    Ok(created)
}

/// Sets `active` of the user with `id` (a PATCH).
pub fn set_active(
    server: &Server,
    token: Option<&str>,
    id: &str,
    active: bool,
) -> Result<(), String> {
    let patch = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": active}],
    });
    let (status, answer) = request(
        server,
        token,
        "PATCH",
        &format!("/Users/{id}"),
        Some(&patch),
    )?;
    if !(200..300).contains(&status) {
        return Err(format!("PATCH /v2/Users/{id} answered {status}: {answer}"));
    }
    Ok(())
}

/// POSTs `users` (a JSON array) in order and returns the id given to each, by `userName`.
///
/// Since ids are the server's, a user refers to another one created before it with the string
/// `{id:USERNAME}` anywhere in its JSON (e.g. `"manager": {"value": "{id:karin.aberg}"}`); it is
/// replaced by that user's id before the POST.
pub fn seed_users(
    server: &Server,
    token: Option<&str>,
    users: &Value,
) -> Result<HashMap<String, String>, String> {
    let list = users
        .as_array()
        .ok_or("the seed must be a JSON array of SCIM Users")?;
    let mut ids: HashMap<String, String> = HashMap::new();
    for user in list {
        let mut user = user.clone();
        resolve_ids(&mut user, &ids)?;
        let created = post_user(server, token, &user)?;
        let name = created["userName"]
            .as_str()
            .ok_or_else(|| format!("the created user has no userName: {created}"))?;
        let id = created["id"]
            .as_str()
            .ok_or_else(|| format!("the created user has no id: {created}"))?;
        ids.insert(name.to_string(), id.to_string());
    }
    Ok(ids)
}

/// Reads a seed file (a JSON array of SCIM Users) and POSTs it as [`seed_users`] does.
pub fn seed_users_from_file(
    server: &Server,
    token: Option<&str>,
    path: &std::path::Path,
) -> Result<HashMap<String, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let users: Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    seed_users(server, token, &users)
}

fn resolve_ids(value: &mut Value, ids: &HashMap<String, String>) -> Result<(), String> {
    match value {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix("{id:").and_then(|r| r.strip_suffix('}')) {
                let id = ids.get(name).ok_or_else(|| {
                    format!("{s} names no user created before this one: put {name} earlier")
                })?;
                *s = id.clone();
            }
        }
        Value::Array(items) => {
            for item in items {
                resolve_ids(item, ids)?;
            }
        }
        Value::Object(map) => {
            for item in map.values_mut() {
                resolve_ids(item, ids)?;
            }
        }
        _ => {}
    }
    Ok(())
}
