//! The sales pipeline's vocabulary: where a lead stands (`Status`), what a staff account
//! may do (`Role`) and what the audit log records (`AuditAction`). Stored as the words
//! `as_str` gives; anything else is refused.

/// Where a lead stands with the sales team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    New,
    Contacted,
    MeetingBooked,
    Qualified,
    Won,
    Lost,
    /// Not a genuine enquiry: left out of the list unless asked for, never notified.
    Spam,
}

impl Status {
    /// Every status, in the pipeline's order.
    pub const ALL: [Status; 7] = [
        Status::New,
        Status::Contacted,
        Status::MeetingBooked,
        Status::Qualified,
        Status::Won,
        Status::Lost,
        Status::Spam,
    ];

    /// As stored and sent in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Contacted => "contacted",
            Status::MeetingBooked => "meeting_booked",
            Status::Qualified => "qualified",
            Status::Won => "won",
            Status::Lost => "lost",
            Status::Spam => "spam",
        }
    }

    /// The status written as `text`, if it is one.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What a staff account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Leads, and also accounts, the audit log and re-sending notifications.
    Admin,
    /// Leads: read, assign, move along the pipeline, write notes, export, erase.
    Sales,
}

impl Role {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Sales => "sales",
        }
    }

    /// The role written as `text`, if it is one.
    pub fn parse(text: &str) -> Option<Role> {
        [Role::Admin, Role::Sales]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// What a staff member did, as the audit log records it (the staff area names it in the
/// reader's language: `audit_action.<as_str>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Status,
    Owner,
    Note,
    Role,
    Resend,
    Export,
    Erase,
    RevokeReportLinks,
}

impl AuditAction {
    pub const ALL: [AuditAction; 8] = [
        AuditAction::Status,
        AuditAction::Owner,
        AuditAction::Note,
        AuditAction::Role,
        AuditAction::Resend,
        AuditAction::Export,
        AuditAction::Erase,
        AuditAction::RevokeReportLinks,
    ];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Status => "status",
            AuditAction::Owner => "owner",
            AuditAction::Note => "note",
            AuditAction::Role => "role",
            AuditAction::Resend => "resend",
            AuditAction::Export => "export",
            AuditAction::Erase => "erase",
            AuditAction::RevokeReportLinks => "revoke_report_links",
        }
    }

    /// The action stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_role_reads_back_and_nothing_else_does() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for role in [Role::Admin, Role::Sales] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for wrong in ["", "New", "meeting booked", "admin ", "root"] {
            assert_eq!(Status::parse(wrong), None, "{wrong}");
            assert_eq!(Role::parse(wrong), None, "{wrong}");
        }
    }
}
