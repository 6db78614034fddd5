//! Who may see a dialog: the one visibility rule of the live chats, applied
//! to the list, the history, sending, live events, notifications and unread
//! counts alike.

/// The rights of the IntellectDialog employee a staff user is mapped to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgentRights {
    pub employee_id: String,
    pub department_id: Option<String>,
    /// The employee's admin right in IntellectDialog.
    pub admin: bool,
    /// «Только назначенные диалоги» (`dialogs` in the API).
    pub assigned_only: bool,
}

/// May `agent` see a dialog transferred to `assigned_to` (an employee or
/// department id; `None` when never transferred)?
///
/// - an employee with the admin right sees every dialog of the organisation;
/// - an employee flagged "only assigned dialogs" sees exactly the dialogs
///   transferred to them or to their department;
/// - any other employee sees every dialog (the flag is what restricts).
pub fn may_see(agent: &AgentRights, assigned_to: Option<&str>) -> bool {
    if agent.admin || !agent.assigned_only {
        return true;
    }
    match assigned_to {
        Some(target) => {
            target == agent.employee_id || agent.department_id.as_deref() == Some(target)
        }
        None => false,
    }
}

/// May `agent` transfer dialogs to someone else? Only with the admin right.
pub fn may_transfer(agent: &AgentRights) -> bool {
    agent.admin
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(admin: bool, assigned_only: bool) -> AgentRights {
        AgentRights {
            employee_id: "e1".into(),
            department_id: Some("d1".into()),
            admin,
            assigned_only,
        }
    }

    #[test]
    fn an_admin_sees_every_dialog_even_when_flagged_assigned_only() {
        for flagged in [false, true] {
            let admin = agent(true, flagged);
            assert!(may_see(&admin, None));
            assert!(may_see(&admin, Some("e2")));
            assert!(may_see(&admin, Some("e1")));
        }
    }

    #[test]
    fn an_assigned_only_employee_sees_only_dialogs_transferred_to_them_or_their_department() {
        let own = agent(false, true);
        assert!(may_see(&own, Some("e1")));
        assert!(may_see(&own, Some("d1")));
        assert!(!may_see(&own, Some("e2")));
        assert!(!may_see(&own, Some("d2")));
        assert!(!may_see(&own, None));
        assert!(!may_see(&own, Some("")));
    }

    #[test]
    fn an_assigned_only_employee_without_department_matches_no_department() {
        let mut own = agent(false, true);
        own.department_id = None;
        assert!(may_see(&own, Some("e1")));
        assert!(!may_see(&own, Some("d1")));
    }

    #[test]
    fn an_unrestricted_employee_sees_every_dialog() {
        let plain = agent(false, false);
        assert!(may_see(&plain, None));
        assert!(may_see(&plain, Some("e2")));
    }

    #[test]
    fn only_admins_transfer() {
        assert!(may_transfer(&agent(true, false)));
        assert!(!may_transfer(&agent(false, false)));
        assert!(!may_transfer(&agent(false, true)));
    }
}
