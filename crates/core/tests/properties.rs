//! Properties of input handling over generated input: whatever is typed, a phone number
//! normalises to its digits or is refused, and an intake is either stored exactly as typed
//! (trimmed) or refused with nothing written.

mod common;

use baton_core::customers::normalize_phone;
use baton_core::tickets::{Intake, QueueKind};
use common::Org;
use proptest::prelude::*;
use std::collections::BTreeMap;

proptest! {
    #[test]
    fn a_number_in_any_format_is_its_digits(
        digits in "[2-9][0-9]{9}",
        seps in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-"), Just("."), Just("/")], 10),
        prefix in prop_oneof![Just(""), Just("+1 "), Just("1"), Just("001 ")],
        parens in any::<bool>(),
    ) {
        let mut typed = prefix.to_string();
        for (i, d) in digits.chars().enumerate() {
            if parens && i == 0 { typed.push('('); }
            typed.push(d);
            if parens && i == 2 { typed.push(')'); }
            typed.push_str(seps[i]);
        }
        prop_assert_eq!(normalize_phone(&typed).unwrap(), digits);
    }

    #[test]
    fn anything_else_is_refused_or_digits_never_a_panic(raw in "\\PC{0,24}") {
        match normalize_phone(&raw) {
            Ok(d) => {
                prop_assert!(d.bytes().all(|b| b.is_ascii_digit()));
                prop_assert!((5..=15).contains(&d.len()));
            }
            Err(e) => prop_assert_eq!(e.code(), "invalid"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn an_intake_is_stored_as_typed_or_refused_leaving_nothing(
        summary in "[\\x00-\\x7f\\u{80}-\\u{9f}ü🧊]{0,12}",
        account in "[\\x00-\\x7f]{0,6}",
    ) {
        let mut o = Org::in_memory();
        let before = o.desk.chain_head().unwrap();
        let intake = Intake {
            customer_id: o.olivia,
            category_id: o.billing,
            summary: summary.clone(),
            fields: BTreeMap::from([("account".into(), account.clone()), ("invoice".into(), "I-1".into())]),
            ..Intake::default()
        };
        match o.desk.intake(o.ana, intake) {
            Ok(t) => {
                prop_assert_eq!(&t.summary, summary.trim());
                prop_assert!(!t.summary.chars().any(char::is_control));
                prop_assert_eq!(t.fields["account"].as_str(), account.trim());
                prop_assert!(o.desk.verify(&[]).unwrap().ok);
            }
            Err(e) => {
                prop_assert!(matches!(e.code(), "invalid" | "missing_fields"), "{}", e);
                prop_assert_eq!(o.desk.chain_head().unwrap(), before);
                prop_assert!(o.desk.queue(QueueKind::All, None, false).unwrap().is_empty());
            }
        }
    }
}
