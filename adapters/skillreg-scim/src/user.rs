//! The part of a SCIM User the registry needs, taken out of the JSON as soon as a page arrives
//! (the rest of the resource is dropped).

use serde_json::Value;

use crate::mapping::{AttributePath, ENTERPRISE, ScimMapping};

/// An attribute as found in a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Attr {
    /// Absent, null, or an empty string.
    Missing,
    /// A string, trimmed.
    Text(String),
    /// Another JSON type, as JSON.
    Wrong(String),
}

impl Attr {
    fn of(value: Option<&Value>) -> Attr {
        match value {
            None | Some(Value::Null) => Attr::Missing,
            Some(Value::String(s)) if s.trim().is_empty() => Attr::Missing,
            Some(Value::String(s)) => Attr::Text(s.trim().to_string()),
            Some(other) => Attr::Wrong(other.to_string()),
        }
    }

    /// The text, if it is one.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Attr::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// One User, reduced to what the registry reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScimUser {
    /// The SCIM `id` (empty if the server gave none).
    pub id: String,
    /// `userName`.
    pub user_name: Attr,
    /// `active`: false only when the server says `false`.
    pub active: bool,
    /// `active` is there but not a boolean (JSON of the value).
    pub bad_active: Option<String>,
    /// Enterprise `employeeNumber`.
    pub employee_no: Attr,
    /// `name.givenName`.
    pub given_name: Attr,
    /// `name.familyName`.
    pub family_name: Attr,
    /// The work email (see [`work_email`]).
    pub email: Option<String>,
    /// The unit attribute's value.
    pub unit: Attr,
    /// `title`.
    pub title: Attr,
    /// Enterprise `manager.value`.
    pub manager: Attr,
    /// The start attribute's value.
    pub start: Attr,
    /// The gender attribute's value (read only if the mapping names one).
    pub gender: Attr,
}

impl ScimUser {
    /// Reads what the registry needs from one User resource.
    pub(crate) fn from_json(resource: &Value, mapping: &ScimMapping) -> ScimUser {
        let enterprise = field(resource, ENTERPRISE);
        let in_enterprise = |name: &str| enterprise.and_then(|e| field(e, name));
        let name = field(resource, "name");
        let (active, bad_active) = match field(resource, "active") {
            None | Some(Value::Null) => (true, None),
            Some(Value::Bool(b)) => (*b, None),
            // Some services send the boolean as a string.
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("true") => (true, None),
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("false") => (false, None),
            Some(other) => (true, Some(other.to_string())),
        };
        ScimUser {
            id: match field(resource, "id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            },
            user_name: Attr::of(field(resource, "userName")),
            active,
            bad_active,
            employee_no: match in_enterprise("employeeNumber") {
                // A number is as good as a string of digits.
                Some(Value::Number(n)) => Attr::Text(n.to_string()),
                other => Attr::of(other),
            },
            given_name: Attr::of(name.and_then(|n| field(n, "givenName"))),
            family_name: Attr::of(name.and_then(|n| field(n, "familyName"))),
            email: work_email(field(resource, "emails")),
            unit: match in_enterprise(mapping.unit_attribute.name()) {
                Some(Value::Number(n)) => Attr::Text(n.to_string()),
                other => Attr::of(other),
            },
            title: Attr::of(field(resource, "title")),
            manager: Attr::of(in_enterprise("manager").and_then(|m| field(m, "value"))),
            start: Attr::of(at_path(resource, &mapping.start_attribute)),
            gender: match &mapping.gender_attribute {
                Some(path) => Attr::of(at_path(resource, path)),
                None => Attr::Missing,
            },
        }
    }
}

/// The member `name` of an object: exactly, else ignoring case (SCIM attribute names are
/// case-insensitive).
fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The value at `path` in a resource.
fn at_path<'a>(resource: &'a Value, path: &AttributePath) -> Option<&'a Value> {
    let mut at = match path.schema() {
        Some(schema) => field(resource, schema)?,
        None => resource,
    };
    for name in path.names() {
        at = field(at, name)?;
    }
    Some(at)
}

/// The address to keep from `emails`: the first of a primary work address, a work address, and
/// a primary address of no stated type. A home or other private address is never taken: the
/// registry keeps work email only.
fn work_email(emails: Option<&Value>) -> Option<String> {
    let list = emails?.as_array()?;
    let entries: Vec<(Option<String>, bool, &str)> = list
        .iter()
        .filter_map(|e| {
            let value = field(e, "value")?.as_str()?.trim();
            if value.is_empty() {
                return None;
            }
            let kind = field(e, "type")
                .and_then(Value::as_str)
                .map(|t| t.trim().to_ascii_lowercase());
            let primary = matches!(field(e, "primary"), Some(Value::Bool(true)));
            Some((kind, primary, value))
        })
        .collect();
    let work = |k: &Option<String>| k.as_deref() == Some("work");
    entries
        .iter()
        .find(|(k, p, _)| work(k) && *p)
        .or_else(|| entries.iter().find(|(k, _, _)| work(k)))
        .or_else(|| entries.iter().find(|(k, p, _)| k.is_none() && *p))
        .map(|(_, _, v)| v.to_string())
}

/// The attributes to ask the server for (SCIM's `attributes` parameter), so that it sends no
/// more personal data than the registry reads.
pub(crate) fn requested_attributes(mapping: &ScimMapping) -> String {
    let qualified = |path: &AttributePath| match path.schema() {
        Some(schema) => format!("{schema}:{}", path.names().join(".")),
        None => path.names().join("."),
    };
    let start = qualified(&mapping.start_attribute);
    let gender = mapping.gender_attribute.as_ref().map(qualified);
    [
        "userName".to_string(),
        "name.givenName".to_string(),
        "name.familyName".to_string(),
        "emails".to_string(),
        "title".to_string(),
        "active".to_string(),
        format!("{ENTERPRISE}:employeeNumber"),
        format!("{ENTERPRISE}:{}", mapping.unit_attribute.name()),
        format!("{ENTERPRISE}:manager"),
        start,
    ]
    .into_iter()
    .chain(gender)
    .collect::<Vec<_>>()
    .join(",")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn work_email_prefers_primary_work_and_never_takes_a_home_address() {
        let pick = |v: Value| work_email(Some(&v));
        assert_eq!(
            pick(
                json!([{"value": "a@home", "type": "home", "primary": true}, {"value": "b@work", "type": "work"}])
            ),
            Some("b@work".into())
        );
        assert_eq!(
            pick(
                json!([{"value": "c@work", "type": "work"}, {"value": "d@work", "type": "work", "primary": true}])
            ),
            Some("d@work".into())
        );
        assert_eq!(
            pick(json!([{"value": "e@x", "primary": true}])),
            Some("e@x".into())
        );
        assert_eq!(pick(json!([{"value": "f@x"}])), None);
        assert_eq!(
            pick(json!([{"value": "g@home", "type": "home", "primary": true}])),
            None
        );
        assert_eq!(pick(json!("not a list")), None);
    }

    #[test]
    fn attribute_names_are_case_insensitive() {
        let user = json!({"id": "x", "Active": false, "NAME": {"givenname": "Ann"}, "meta": {"Created": "2020-01-02T03:04:05Z"}});
        let u = ScimUser::from_json(&user, &ScimMapping::default());
        assert!(!u.active);
        assert_eq!(u.given_name, Attr::Text("Ann".into()));
        assert_eq!(u.start, Attr::Text("2020-01-02T03:04:05Z".into()));
    }

    #[test]
    fn attributes_asked_for_name_the_mapping_s_attributes() {
        let mapping = ScimMapping::parse(
            "unit_attribute = \"costCenter\"\nstart_attribute = \"urn:x:hr:2.0:User:employment.start\"",
        )
        .map_err(|e| e.to_string());
        let Ok(mapping) = mapping else {
            panic!("{mapping:?}")
        };
        assert_eq!(
            requested_attributes(&mapping),
            "userName,name.givenName,name.familyName,emails,title,active,\
             urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber,\
             urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter,\
             urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager,\
             urn:x:hr:2.0:User:employment.start"
        );
    }
}
