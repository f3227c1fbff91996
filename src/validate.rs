//! Validate: every document against the JSON contract before it is written.

use std::sync::LazyLock;

use serde_json::Value;

/// The contract, embedded so that the binary validates without the repo.
pub const SCHEMA_JSON: &str = include_str!("../schemas/scr-document.schema.json");

static VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(SCHEMA_JSON).map_err(|e| e.to_string())?;
    jsonschema::validator_for(&schema).map_err(|e| e.to_string())
});

/// One schema violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the instance.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}

/// All violations of `instance` against the contract (empty when valid).
pub fn violations(instance: &Value) -> Vec<Violation> {
    match &*VALIDATOR {
        Ok(v) => v
            .iter_errors(instance)
            .map(|e| Violation {
                pointer: e.instance_path().as_str().to_string(),
                message: e.to_string(),
            })
            .collect(),
        Err(e) => vec![Violation {
            pointer: String::new(),
            message: format!("the embedded schema does not compile: {e}"),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles_and_rejects_nonsense() {
        assert!(VALIDATOR.is_ok());
        let v = violations(&serde_json::json!({"schema_version": "1.0.0"}));
        assert!(!v.is_empty());
        assert!(v.iter().any(|x| x.message.contains("source")));
    }

    #[test]
    fn pointer_names_the_bad_field() {
        let mut doc: Value = serde_json::json!({
            "schema_version": "1.0.0",
            "source": {"path": "a.pdf", "sha256": "0".repeat(64), "format": "pdf", "pages": 1, "title": null, "producer": null},
            "document_type": "unknown", "partnership": null, "published": "2020-13",
            "title": null, "reviews": [], "lessons": [], "paragraphs": [], "warnings": []
        });
        let v = violations(&doc);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].pointer, "/published");
        doc["published"] = Value::Null;
        assert!(violations(&doc).is_empty());
    }
}
