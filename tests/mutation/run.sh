#!/usr/bin/env bash
# Mutation check of the issue-8, issue-17, issue-18, issue-19 and issue-20 controls (and a few more; e2e entries rebuild the release app and run their e2e files): for each entry, remove the control with a small
# patch (tests/mutation/patches/NN-name.patch) and show that the named tests FAIL with the
# patch applied and PASS without it. Writes docs/MUTATION-CHECKS.md and exits non-zero if any
# mutation survives (or a baseline fails, or a patch doesn't apply or compile).
#
# A slow local tool, not part of CI: each entry rebuilds the core's test binary.
#   bash tests/mutation/run.sh            every entry
#   bash tests/mutation/run.sh 04 17      only the entries whose number starts so
# CARGO_PROFILE_DEV_DEBUG=0 makes each rebuild quicker (~15 s here; one full rebuild first).
# The working tree must be clean in the files the patches touch; every patch is reverted on
# exit, also after a failure or Ctrl+C.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export CARGO_TERM_COLOR=never
patches=tests/mutation/patches
out=docs/MUTATION-CHECKS.md
log_dir=${MUTATION_LOG_DIR:-$root/target/mutation}
mkdir -p "$log_dir/rows"

core=(cargo test -p tryggplan-core --lib)
sys=(cargo test -p tryggplan-systest --test system)
shell=(cargo test -p tryggplan --lib)
pdf=(cargo test -p tryggplan-pdf --lib)
# e2e: the tests are e2e files (each from its own profile, in lanes, as tests/e2e/run.sh runs them); the
# build is the release app with its UI, and any failing file kills the mutation.
e2e_build() { npm --prefix ui run --silent build && cargo build --release --locked -p tryggplan --features tauri/custom-protocol; }
e2e_cmd() { if [ "${1:-}" = --no-run ]; then e2e_build; fi; }

# patch | command (core, pdf, shell, sys or e2e) | tests (full names, space separated) | control | what the patch removes
entries=(
"01-backup-file-copy|core|backup::tests::backup_and_restore_with_the_passphrase_and_with_the_recovery_key backup::tests::the_backup_is_encrypted_with_its_own_key_and_holds_no_plain_text|Backup made with the online backup API into a database with its own key, never a file copy|the online backup API: the live database file is copied (under the live key)"
"02-backup-written-in-place|core|backup::tests::a_new_backup_replaces_the_old_one_without_writing_into_it|Backup written to a temporary name and renamed|the temporary file and the rename: the backup is written straight into the destination"
"03-backup-temp-files-not-removed|core|backup::tests::a_backup_that_fails_at_the_end_leaves_no_partial_file|A failed backup leaves no partial file|the removal of the temporary files when the backup fails"
"04-restore-not-verified|core|backup::tests::a_restore_checks_the_database_against_the_counts_before_using_it|Restore verifies the database before it is used|the call of verify_restored in restore"
"05-restore-integrity-checks-removed|core|backup::tests::the_restored_database_is_checked_against_the_recorded_counts backup::tests::a_restore_runs_the_integrity_check_before_using_the_database|Restore runs cipher_integrity_check and integrity_check|both integrity checks in verify_restored (the row counts stay)"
"06-restore-into-non-empty-dir|core|backup::tests::wrong_secrets_and_bad_targets_are_refused_before_anything_is_written|Restore only into a new, empty profile, never over the current one|the refusal of a directory that is not empty"
"07-restore-leaves-files-on-failure|core|backup::tests::every_flipped_byte_is_refused_and_leaves_no_profile backup::tests::a_restore_checks_the_database_against_the_counts_before_using_it|A failed restore leaves nothing of the new profile|the removal of the new profile's files and directory on failure"
"08-reminder-never-due-after-a-backup|core|backup::tests::the_reminder_is_due_without_a_backup_and_after_the_set_days|Backup reminder due N days after the last backup|the age check: after one backup the reminder never comes again"
"09-recovery-key-wraps-another-key|core|session::tests::a_profile_made_with_a_recovery_key_opens_with_it_after_the_keyring_is_lost session::tests::a_forgotten_passphrase_is_replaced_through_the_recovery_key|The recovery key opens the database|the database key in the recovery file (another random key is wrapped)"
"10-passphrase-change-does-not-rewrap|core|session::tests::changing_the_passphrase_rewraps_without_touching_the_database|Passphrase change re-wraps the key; the old passphrase is refused afterwards|the re-wrap: the keyring keeps the key wrapped by the old passphrase"
"11-passphrase-change-rewrites-the-database|core|session::tests::changing_the_passphrase_rewraps_without_touching_the_database|Passphrase change does not re-encrypt the database|nothing removed: the change also rewrites every page of the database (VACUUM), as a re-encryption would"
"12-history-update-trigger-removed|core|audit::tests::the_triggers_refuse_change_delete_and_unchained_inserts|History append-only: UPDATE refused by a trigger|the RAISE of case_history_append_only_update (migration 0008)"
"13-history-delete-trigger-removed|core|audit::tests::the_triggers_refuse_change_delete_and_unchained_inserts|History append-only: DELETE refused by a trigger|the RAISE of case_history_append_only_delete (migration 0002)"
"14-history-chain-links-not-checked|core|audit::tests::a_changed_entry_with_its_digest_recomputed_still_breaks_its_link audit::tests::two_swapped_entries_are_reported_reordered|Hash chain: audit::verify reports the first broken link|the comparison of each entry's hash with the link from the previous hash"
"15-history-entry-committed-before-the-write|core|document::tests::every_export_is_in_the_case_history_and_a_failed_write_records_nothing|History entry in the same transaction as the file write (record_file_write)|the shared transaction: the entry is committed before the write runs"
"16-log-export-certifies-a-broken-chain|core|history_log::tests::the_export_ends_with_the_verified_anchor_and_is_refused_for_a_broken_chain|Log export refuses a broken chain|the refusal in history_log::to_csv"
"17-no-wal|core|store::tests::pragmas_are_set_on_every_connection|Crash safety: WAL|journal_mode = WAL (DELETE instead)"
"18-synchronous-off|core|store::tests::pragmas_are_set_on_every_connection|Crash safety: synchronous = FULL|synchronous = FULL (OFF instead)"
"19-damage-message-without-restore-offer|core|backup::tests::a_damaged_database_is_refused_and_kept_byte_identical|A damaged database is refused with a Swedish message that offers restore from backup|the sentence offering Återställ från säkerhetskopia"
"20-refused-file-checkpointed-on-close|core|store::tests::a_refused_file_is_not_changed_by_a_pending_wal|A refused file is left byte-identical (a pending WAL is not checkpointed into it)|SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE before the file is verified"
"21-empty-file-taken-for-a-new-database|core|store::tests::an_empty_or_schema_less_file_is_not_taken_for_a_database backup::tests::a_damaged_database_is_refused_and_kept_byte_identical|A damaged file is never replaced by an empty database|the refusal of a file without our schema (user_version 0)"
"21s-empty-file-taken-for-a-new-database|sys|tamper::a_truncated_or_garbage_file_is_refused_without_panic|The same, through the real keyprobe process and keyring|the refusal of a file without our schema (user_version 0)"
"22-damaged-pages-not-checked-at-open|core|backup::tests::a_damaged_database_is_refused_and_kept_byte_identical|A damaged page anywhere is refused at open (cipher_integrity_check)|the cipher_integrity_check at open"
"22s-damaged-pages-not-checked-at-open|sys|tamper::flipped_bytes_in_the_middle_are_reported_and_the_file_is_left_unchanged|The same, through the real keyprobe process and keyring|the cipher_integrity_check at open"
"23-secure-delete-off|core|store::tests::pragmas_are_set_on_every_connection retention::tests::a_deleted_row_is_overwritten_in_the_file_without_a_vacuum retention::tests::a_gallrad_case_is_gone_from_the_file_and_the_wal|Retention: secure_delete on every connection|PRAGMA secure_delete = ON in store::open (OFF instead: this SQLCipher build has it on by default, so deleting the line changes nothing)"
"24-secure-delete-off-and-unchecked|core|retention::tests::a_deleted_row_is_overwritten_in_the_file_without_a_vacuum|Retention: deleted content overwritten without relying on VACUUM|PRAGMA secure_delete = ON (OFF instead) and gallring's own check of it"
"25-gallring-without-vacuum|core|retention::tests::a_gallrad_case_is_gone_from_the_file_and_the_wal|Retention: VACUUM after the deletion|the VACUUM in retention::delete_case"
"26-gallring-not-logged|core|retention::tests::a_gallrad_case_is_gone_from_the_file_and_the_wal|Retention: the deletion is logged|the history entry of the deletion"
"27-gallring-log-names-the-case|core|retention::tests::a_gallrad_case_is_gone_from_the_file_and_the_wal|Retention: the log entry holds no deleted content|nothing removed: the entry's summary also names the case's reference"
"28-gallring-without-typed-reference|core|retention::tests::gallring_is_refused_unless_due_and_confirmed_and_then_nothing_is_deleted|Retention: deletion needs the typed reference|the comparison of the typed confirmation with the reference"
"29-restored-profile-not-activated|core|profile::tests::a_damaged_profile_is_replaced_by_a_restored_one_and_kept_as_it_was|Restore: the app opens the restored profile from then on; the damaged one is kept|profile::activate after the restore (the pointer is not moved)"
"30-history-checkpoint-not-checked|core|session::tests::a_database_rewound_to_an_older_copy_is_caught_by_the_checkpoint_of_the_last_lock|History: the head kept in the keyring at each lock is checked at unlock|the check at unlock (check_history_anchor)"
"31-active-content-not-refused|pdf|pdf::layout_tests::active_content_is_found_wherever_it_is_added_and_refused|A PDF with active content is refused|the active_content check in pdf::finish"
"32-panic-hook-prints-the-payload|shell|hardening::tests::a_crash_prints_where_it_happened_and_no_data|No data in crash output|nothing removed: the hook also prints the default panic message (with its payload)"
"33-screen-lock-signal-ignored|shell|platform_lock::tests::screen_lock_and_suspend_signals_lock_and_nothing_else_does|Lock on the desktop's screen lock (D-Bus)|the screen savers' ActiveChanged(true) arm (the e2e test hygiene.test.mjs is the end-to-end proof)"
"40-protected-person-found-by-part|core|cases::search_tests::a_protected_person_is_not_found_by_a_part_of_her_name_her_initials_or_a_part_of_her_number person::tests::search_finds_names_numbers_and_references_and_masks_protected_cases cases::search_tests::property::no_answer_without_an_open_tells_anything_of_the_protected_person|Search: a protected case's persons are found only by a whole name or number|the whole-match rule: the persons of a protected case are searched by any part again"
"41-search-not-in-history|core|cases::search_tests::a_search_that_finds_a_protected_case_is_in_its_history_without_the_query|Search: every find of a protected case is in its history|the access.search history entry of a search that finds a protected case"
"42-search-not-rate-limited|core|cases::search_tests::name_searches_beyond_the_limit_are_refused_with_when_to_try_again cases::search_tests::number_searches_beyond_the_limit_are_refused_and_a_lock_does_not_refill_them|Search: name and number searches rate limited|the rate limit (SearchBudget::spend lets every search through)"
"43-log-not-masked|core|history_log::tests::an_unopened_protected_cases_rows_show_only_their_kind_and_date_until_opened history_log::tests::the_csv_export_carries_no_more_than_the_screen cases::search_tests::property::no_answer_without_an_open_tells_anything_of_the_protected_person|Log: an unopened protected case's rows show only number, kind and time (screen and CSV)|the masking in audit::log::search (summaries and chain hashes shown for every row)"
"44-due-not-masked|core|cases::search_tests::a_protected_cases_due_date_shows_and_sorts_only_after_the_open cases::search_tests::property::no_answer_without_an_open_tells_anything_of_the_protected_person|Case list: no due date of an unopened protected case, and no order by it|the due masking in cases::find (the date shown and sorted by)"
"45-scan-knows-every-case|core|samrad::tests::the_samrad_scan_of_a_case_never_flags_a_word_stored_only_in_another_case samrad::tests::no_scanner_answer_names_a_word_of_an_unopened_protected_case|Scanner scoped to the case|the scan of one case loads every case's names and places"
"46-scan-without-access-check|core|samrad::tests::a_protected_cases_samrad_scan_is_refused_until_the_record_is_opened samrad::tests::no_scanner_answer_names_a_word_of_an_unopened_protected_case|Scan needs the case's access|the require_case before a case's scan"
"47-deviation-knows-every-case|core|followup::tests::a_deviation_check_never_flags_a_name_of_a_protected_case_not_opened samrad::tests::no_scanner_answer_names_a_word_of_an_unopened_protected_case|Deviation check knows only opened cases|the deviation check loads every case instead of ctx.opened"
"48-text-length-uncapped|core|samrad::tests::every_free_text_longer_than_its_field_is_refused_naming_the_field_and_its_maximum followup::tests::an_oversized_deviation_is_refused_before_it_is_scanned_or_stored text::tests::text_is_trimmed_bounded_and_printable|Every free text capped|text::check_len never refuses"
"49-deviation-size-unchecked|core|followup::tests::an_oversized_deviation_is_refused_before_it_is_scanned_or_stored|Deviation check capped|the size check in scan_description"
"50-passphrase-change-while-locked|core|session::tests::every_key_operation_of_an_unlocked_session_is_refused_while_locked_and_changes_nothing|Passphrase change refused while locked, before the keyring or any file is read|the lock check in Vault::change_passphrase"
"50s-passphrase-change-while-locked|sys|locked_keys::key_operations_while_locked_are_refused_and_the_real_keyring_and_files_are_unchanged|The same, with the real gnome-keyring and files|the lock check in Vault::change_passphrase"
"51-new-recovery-key-while-locked|core|session::tests::every_key_operation_of_an_unlocked_session_is_refused_while_locked_and_changes_nothing|New recovery key refused while locked, before the keyring or any file is read|the lock check in Vault::new_recovery_key"
"52-history-entry-after-the-keyring-write|core|session::tests::a_passphrase_change_that_fails_at_any_point_leaves_the_old_passphrase_and_no_entry|Key change and its history entry in one transaction|the shared transaction: the keyring is rewritten first, the entry after it, nothing undone"
"53-passphrase-length-not-capped|core|session::tests::an_oversized_passphrase_or_recovery_key_is_refused_before_anything_is_hashed|Typed passphrases capped before the keyring read and Argon2|the length check in keys::check_typed_length"
"54-key-change-not-undone|core|session::tests::a_passphrase_change_that_fails_at_any_point_leaves_the_old_passphrase_and_no_entry session::tests::a_new_recovery_key_that_fails_at_any_point_leaves_the_printed_sheet_working_and_no_entry session::tests::a_recovery_that_fails_at_any_point_changes_nothing_and_stays_locked|A failed keyring/file write or commit is undone|the undo in record_outside_write"
"56-commands-count-as-activity|core|session::tests::a_command_every_20_seconds_does_not_keep_the_vault_unlocked|Only real input keeps the app unlocked|with_conn resetting the idle timer again"
"57-ipc-rejections-untyped|shell|commands::tests::every_rejection_the_ui_sees_is_typed|Every IPC error is typed|the typing of Tauri's string rejections"
"58-drafts-handed-over-any-time|shell|clean_page::tests::drafts_handed_over_after_a_forced_lock_come_back_once clean_page::tests::a_forced_lock_waits_for_the_page_only_so_long|Drafts only in the window after a lock|the check that the handover window is open"
"60-plan-not-filtered-by-category|core|document::category_tests::the_school_copy_of_the_plan_holds_no_health_content document::category_tests::no_copy_holds_content_of_a_category_its_recipients_consent_does_not_cover|A copy of the plan holds only the items the recipient's consent covers|the call of filter_plan in prepare's Plan branch"
"61-per-actor-scope-ignored|core|consent::rules::tests::the_rule_table consent::rules::tests::may_reach_answers_for_the_giver_an_actor_and_a_person_of_the_case consent::tests::a_per_actor_scope_is_stored_with_its_record_and_never_changed document::category_tests::the_school_copy_of_the_plan_holds_no_health_content document::category_tests::no_copy_holds_content_of_a_category_its_recipients_consent_does_not_cover|may_share honours the consent's category scope per actor|the per-actor check in rules::may_share"
"62-no-default-health-category|core|sip::tests::the_default_category_of_a_health_care_units_intervention_is_health document::category_tests::the_school_copy_of_the_plan_holds_no_health_content document::category_tests::no_copy_holds_content_of_a_category_its_recipients_consent_does_not_cover|A health-care unit's intervention is Hälsa by default|Hälsa from default_categories for a health-care actor type"
"63-health-unit-names-not-withheld|core|document::category_tests::the_school_copy_of_the_plan_holds_no_health_content document::category_tests::no_copy_holds_content_of_a_category_its_recipients_consent_does_not_cover|A health-care unit's name reaches only a recipient covered for Hälsa|Hälsa from unit_name_categories"
"64-questions-not-filtered-by-category|core|document::category_tests::the_invitation_carries_health_questions_only_to_a_recipient_with_health document::category_tests::no_copy_holds_content_of_a_category_its_recipients_consent_does_not_cover|The invitation's questions reach only a recipient whose consent covers their categories|the category condition on the questions in prepare's Invitation branch"
"70-person-outside-consent|core|consent::rules::persons_tests::the_persons_rule_table consent::rules::persons_tests::a_person_of_the_case_is_reached_only_inside_her_consent consent::persons_tests::a_relative_is_invited_and_given_documents_only_while_her_consent_names_them consent::persons_tests::the_man_her_whereabouts_are_protected_from_needs_her_consent_naming_him_and_the_decision|Consent: a person of the case only when the consent names them|the check that every consent in force names the person and excludes them not"
"71-guarded-invited-on-decision-alone|core|consent::rules::persons_tests::the_persons_rule_table consent::rules::persons_tests::a_person_of_the_case_is_reached_only_inside_her_consent consent::persons_tests::the_man_her_whereabouts_are_protected_from_needs_her_consent_naming_him_and_the_decision|Consent: the man she is protected from needs her consent AND the decision|the consent check for a guarded person with a recorded decision"
"72-guarded-without-decision|core|consent::rules::persons_tests::the_persons_rule_table consent::rules::persons_tests::a_person_of_the_case_is_reached_only_inside_her_consent|Consent: the man she is protected from needs the recorded decision at every door|the decision check in may_invite_person"
"73-exception-bar-gone|core|consent::rules::persons_tests::the_persons_rule_table consent::rules::persons_tests::every_exception_kind_bars_its_guardian_and_no_one_else consent::rules::persons_tests::a_person_of_the_case_is_reached_only_inside_her_consent consent::persons_tests::a_guardian_not_invited_is_refused_as_participant_and_as_recipient_naming_the_reason consent::persons_tests::a_guardian_the_board_decided_without_is_refused_as_participant_and_as_recipient consent::persons_tests::an_exception_recorded_after_the_invitation_stops_the_booking_and_his_invitation|Exceptions: one check bars a guardian not invited / decided without|barred_by_exception (never bars)"
"74-exception-not-asked-at-add-person|core|consent::persons_tests::a_guardian_not_invited_is_refused_as_participant_and_as_recipient_naming_the_reason consent::persons_tests::a_guardian_the_board_decided_without_is_refused_as_participant_and_as_recipient|Exceptions: refused as participant|the gate's person check in add_person"
"75-exception-not-asked-for-invitation|core|consent::persons_tests::a_guardian_not_invited_is_refused_as_participant_and_as_recipient_naming_the_reason consent::persons_tests::a_guardian_the_board_decided_without_is_refused_as_participant_and_as_recipient|Exceptions: refused as recipient of the invitation|Gate::barred in invitation_allowed"
"76-exception-not-asked-for-plan|core|consent::persons_tests::a_guardian_not_invited_is_refused_as_participant_and_as_recipient_naming_the_reason consent::persons_tests::a_guardian_the_board_decided_without_is_refused_as_participant_and_as_recipient|Exceptions: refused as recipient of the plan|Gate::barred in plan_allowed"
"77-exception-not-asked-for-consent-copy|core|consent::persons_tests::a_guardian_not_invited_is_refused_as_participant_and_as_recipient_naming_the_reason consent::persons_tests::a_guardian_the_board_decided_without_is_refused_as_participant_and_as_recipient|Exceptions: refused as recipient of the consent form|Gate::barred for a custodial guardian's consent-form copy"
"78-persons-not-rechecked-at-booking|core|consent::persons_tests::a_relative_is_invited_and_given_documents_only_while_her_consent_names_them consent::persons_tests::an_exception_recorded_after_the_invitation_stops_the_booking_and_his_invitation|Consent: invited persons re-checked when a meeting is booked|check_person_participants in save_meeting"
"79-organisation-overrides-exclusion|core|consent::rules::persons_tests::the_organisation_rule_table consent::rules::persons_tests::an_excluded_unit_or_contact_is_never_reached_through_an_organisation consent::persons_tests::an_organisation_in_the_consent_covers_its_units_added_later_but_never_an_excluded_one|Consent: an excluded unit/contact is never reached through an organisation|exclusion wins (an accepted organisation overrides it)"
"80-samrad-names-without-its-consent|core|samrad::tests::a_samrad_names_the_person_only_under_its_own_consent_on_its_day samrad::tests::without_a_samrad_consent_no_field_may_name_the_person|Samråd: the person is named only under a samråd consent|the refusal of consent::require in log::record (ignored)"
"81-sip-consent-counts-for-samrad|core|samrad::tests::a_samrad_names_the_person_only_under_its_own_consent_on_its_day samrad::tests::without_a_samrad_consent_no_field_may_name_the_person samrad::consent::tests::only_a_valid_samrad_consent_covering_everything_lets_a_samrad_name_the_person|Samråd: a SIP consent never counts for samråd|the purpose filter in samrad_only"
"82-copies-not-in-checklist|core|consent::copies::tests::the_withdrawal_checklist_lists_the_actors_that_got_a_copy_and_the_participants|Withdrawal checklist lists the actors given a copy|the copies' actors in records::withdraw"
"83-checklist-assumes-every-actor-got-a-copy|core|consent::copies::tests::the_withdrawal_checklist_lists_the_actors_that_got_a_copy_and_the_participants consent::tests::an_oral_consent_admits_the_accepted_and_refuses_the_excluded_until_it_is_withdrawn|Withdrawal checklist lists only who received something|the checklist reverts to every accepted actor"
"84-samrad-may-borrow-a-sip-consent-again|core|samrad::tests::the_store_refuses_a_borrowed_sip_consent_and_a_named_deidentified_consultation samrad::tests::a_consultation_that_borrowed_a_sip_consent_keeps_it_through_migration_0011|Samråd: no new consultation rests on a SIP consent (store)|the trigger samrad_never_borrows_a_sip_consent"
"85-samrad-consent-witness-unknown|core|samrad::tests::the_witness_of_an_oral_samrad_consent_is_a_name_the_scanner_knows|Scanner knows the witness of an oral samråd consent|the samrad_consents.doc_witness row of gather::WORDS"
"90-gazetteer-not-consulted|core|samrad::scanner::places::tests::recall_and_false_positives_of_place_names_in_samrad_and_deviation_texts samrad::scanner::places::tests::every_municipality_is_found_where_a_worker_would_write_it|Swedish places found in free text|the call to the gazetteer in scan()"
"91-place-words-matched-in-any-case|core|samrad::scanner::places::tests::place_names_that_are_ordinary_words_pass_in_ordinary_use samrad::scanner::places::tests::recall_and_false_positives_of_place_names_in_samrad_and_deviation_texts|Place names that are ordinary words match only where a place is likely|the capital/sentence/preposition rule for ambiguous place names"
"92-swedish-letters-not-compared|core|samrad::scanner::places::tests::place_names_that_are_ordinary_words_pass_in_ordinary_use|A word with å/ä/ö is not a place spelt otherwise|the check of å/ä/ö against the name (tränas ≠ Tranås)"
"93-accepted-town-logged-as-ort|core|samrad::tests::a_town_in_the_question_blocks_until_accepted_and_is_logged_as_a_place samrad::gate::tests::a_town_the_database_does_not_know_blocks_until_accepted_and_is_logged_as_a_place|An accepted town can be stored in the samråd log|counting an accepted town as a place"
"94-town-in-deviation-not-acceptable|core|followup::tests::a_town_in_a_deviation_blocks_until_the_worker_accepts_it|A town in a deviation can be accepted|Ort among the acceptable kinds of the deviation check"
"100-own-unit-left-out-without-a-reason|core|worker::tests::a_new_consent_names_the_own_unit_or_says_why_not_in_the_case_history|The worker's own unit is in every new consent, left out only with a stated reason|the refusal of a consent that leaves the own unit out without a reason"
"101-exported-without-the-workers-details|core|document::tests::without_the_workers_details_the_papers_that_name_the_worker_say_where_to_fill_them_in|The consent form and the kallelse wait for the worker's details and say where to fill them in|the check of the worker's details before these papers"
"102-signature-not-kept-with-the-choices|pdf|pdf::layout_tests::a_signature_block_keeps_the_last_choices_on_its_page|A signature block stays on the page of the last choices it confirms|the keep-together of the signature block and the choices before it"
"102c-signature-not-kept-with-the-choices|core|document::tests::the_signature_stays_on_the_page_of_the_last_choices_however_many_there_are document::tests::the_consent_form_names_actors_categories_dates_and_signers document::tests::an_oral_consents_form_records_when_how_and_to_whom_and_the_signature_confirms_it|A signature block stays on the page of the last choices it confirms|the keep-together of the signature block and the choices before it"
"103-oral-consent-not-recorded-on-the-form|core|document::tests::an_oral_consents_form_records_when_how_and_to_whom_and_the_signature_confirms_it|An oral consent's form records when, how and to whom it was given|the oral record on the consent form"
"104-kallelse-without-the-number-for-time-and-place|core|document::tests::a_protected_persons_invitation_never_carries_time_place_or_number_for_any_recipient|A protected person's kallelse says which number to ring for time and place|the sentence with the worker's number in the protected kallelse"
"105-duty-to-report-cites-the-old-act-by-hand|core|law::tests::no_text_outside_the_law_module_cites_a_chapter_or_section risk::tests::the_duty_to_report_shows_until_a_decision_is_recorded|Every legal citation comes from the one law module (SoL 2025:400)|the duty-to-report text spells the old act's chapter and section by hand"
"106-sentences-add-a-full-stop-after-any-part|core|text::tests::sentences_end_each_part_with_one_full_stop text::tests::fuzz_sentences_never_double_a_full_stop consent::tests::only_the_consent_in_force_can_be_withdrawn_and_the_view_says_so_in_sentences|Texts built from parts end each part with one full stop|the check for a part that already ends a sentence: a full stop after every part"
"107-superseded-consent-can-be-withdrawn|core|consent::tests::only_the_consent_in_force_can_be_withdrawn_and_the_view_says_so_in_sentences|Only the consent in force can be withdrawn|the refusal to withdraw a record a newer one replaced"
"108-guardian-barred-by-an-exception-offered|core|consent::persons_tests::a_guardian_not_invited_is_refused_as_participant_and_as_recipient_naming_the_reason consent::persons_tests::a_guardian_the_board_decided_without_is_refused_as_participant_and_as_recipient|A person a recorded exception bars is not offered for invitation|the filter of barred persons from the invitation choices"
"109-refused-follow-up-step-without-reason|core|sip::rules::tests::every_refused_step_has_its_reason sip::tests::the_record_of_a_held_meeting_and_its_attendance_stays|Every step the SIP can't take comes with its reason|the reason of the refused follow-up step"
"110-focus-left-on-the-body-after-a-new-case|e2e|tests/e2e/foundation.test.mjs tests/e2e/sip.test.mjs|After ”Skapa ärende” focus is on the new case's heading|the focus move to the case title after a new case"
"111-wrong-number-not-marked-on-its-field|e2e|tests/e2e/foundation.test.mjs tests/e2e/sip.test.mjs|A wrong personnummer is marked on its field (aria-invalid, described by its message)|aria-invalid on the personnummer field"
"112-escape-does-not-close-the-consent-form|e2e|tests/e2e/foundation.test.mjs tests/e2e/sip.test.mjs|Escape closes the consent form and focus returns to its opener|the Escape handler of the consent form"
"113-sip-tabs-count-from-the-selected-tab|e2e|tests/e2e/foundation.test.mjs tests/e2e/sip.test.mjs|The SIP tabs: one Tab stop, arrows from the focused tab|the roving tabindex and the shared tab keys (every tab a Tab stop, arrows from the selected tab)"
"115-window-size-not-fitted-to-the-screen|shell|window_size::tests::the_first_window_fits_a_1366_by_768_screen_with_its_panel_and_title_bar window_size::tests::a_kept_size_larger_than_the_screen_is_made_to_fit_never_below_the_smallest|The window fits the screen (a 1366×768 laptop with its panel and title bar)|the fitting of the size to the screen's free area"
"116-window-size-file-taken-as-it-is|shell|window_size::tests::a_kept_size_is_read_back_and_nothing_else_is_a_size|Only a well-formed size is read from the size file|the parsing checks of the size file"
"117-new-case-not-opened|e2e|tests/e2e/foundation.test.mjs tests/e2e/risk.test.mjs tests/e2e/access.test.mjs tests/e2e/sip.test.mjs|A new case opens at once, through the same logged open as ”Öppna akten”|the open after ”Skapa ärende”"
"118-visa-sip-shows-the-list|e2e|tests/e2e/foundation.test.mjs tests/e2e/sip.test.mjs|”Visa SIP” opens that SIP|the route to the SIP itself (the SIP list instead)"
"119-back-forgets-where-the-worker-was|e2e|tests/e2e/foundation.test.mjs tests/e2e/sip.test.mjs|Back returns to where the worker was|the remembered way back"
"120-consent-validity-recomputed-in-ui|sys|ui_rules::the_ui_hard_codes_no_rule_number_and_computes_no_rule_date|No rule is recomputed in the UI: the consent's validity comes from the core|the core's rule dates in the consent form (its own one-year arithmetic instead)"
"121-child-age-hard-coded-in-ui|sys|ui_rules::the_ui_hard_codes_no_rule_number_and_computes_no_rule_date|No rule number is hard-coded in the UI: the child's own consent age comes from the core|the core's answer (12 written into the form)"
"122-risk-earliest-reassessment-same-day|core|rule_dates::tests::a_risk_assessment_suggests_30_days_and_allows_the_next_day_to_six_months|The next risk assessment: suggested after 30 days, allowed from the next day to six months|the earliest date's day after"
"123-a-superseded-consent-can-be-changed|core|consent::tests::a_changed_consent_supersedes_the_one_in_force_and_its_printed_form|Only the consent in force can be changed (Ändra samtycke)|the in-force check of a change"
"124-a-consent-changed-by-another-giver|core|consent::tests::only_the_giver_of_the_record_in_force_changes_it|A consent is changed only by the person who gave it|the same-giver check of a change"
"125-a-replaced-printed-form-said-current|core|consent::tests::a_changed_consent_supersedes_the_one_in_force_and_its_printed_form|A printed form of a replaced consent is marked Ersatt, not current|the replaced state of a printed form"
"126-printed-form-not-recorded-with-its-consent|core|consent::tests::a_changed_consent_supersedes_the_one_in_force_and_its_printed_form|Each printed consent form is recorded with the record it prints|the print record written with the export"
"127-step-offer-ignores-the-step-rules|core|sip::rules::tests::the_step_offered_after_each_event sip::rules::tests::an_offer_is_the_next_step_and_honest sip::tests::the_step_offered_after_booking_holding_and_the_plan_is_taken_as_offered|The step offered after a meeting or a plan follows the step rules, with the reason when refused|the step rules' check of the offer"
"128-no-step-offered-after-a-meeting|e2e|tests/e2e/foundation.test.mjs tests/e2e/sip.test.mjs|Booking a meeting offers the next step at once|the step offer after a meeting is saved"
"129-closing-not-asked|e2e|tests/e2e/foundation.test.mjs tests/e2e/sip.test.mjs|Closing a SIP confirms that it can't be undone|the confirmation before closing"
"130-backup-recovery-slot-length-unchecked|core|fuzzing::replay::every_backup_reader_seed_passes_the_fuzz_check|The backup reader checks the length of the recovery slot (caught by the fuzz seeds alone)|the recovery slot's length check"
"131-practice-pdf-without-the-mark|core|practice::tests::every_pdf_made_in_practice_carries_the_mark_on_every_page practice::tests::a_practice_database_moved_elsewhere_still_marks_its_papers|Every page of every PDF made in the practice profile carries the mark|the mark drawn on a practice page"
"132-vault-reaches-up-to-cases|sys|layers::the_core_has_no_back_edge_between_its_layers|The core in layers: a module imports only the modules below it (issue 20)|nothing removed: the vault checks the search query through cases, an import that runs back up from the vault to the application"
"133-unheld-meeting-refused-as-no-meeting|core|sip::rules::tests::preconditions_refuse_with_a_reason|A refusal is typed: the reason a step is refused is its own kind, asserted by kind (issue 20)|the right kind: a meeting booked but not held is refused as if no meeting were booked"
)

selected=("$@")
wanted() {
  [ ${#selected[@]} -eq 0 ] && return 0
  local s
  for s in "${selected[@]}"; do [[ $1 == "$s"* ]] && return 0; done
  return 1
}

applied=""
revert() {
  if [ -n "$applied" ]; then
    git apply -R "$patches/$applied.patch" 2>/dev/null \
      || git checkout -- $(git apply --numstat "$patches/$applied.patch" | cut -f3)
    applied=""
  fi
}
trap 'revert' EXIT
trap 'revert; exit 130' INT TERM

cmd_for() {
  case $1 in
    e2e) echo "e2e_cmd" ;;
    sys) echo "${sys[@]}" ;;
    shell) echo "${shell[@]}" ;;
    pdf) echo "${pdf[@]}" ;;
    *) echo "${core[@]}" ;;
  esac
}

# Runs the tests of one entry; prints "passed failed" counts and the failing tests' names.
run_tests() { # kind tests log
  local kind=$1 tests=$2 log=$3
  if [ "$kind" = e2e ]; then
    # The files as one run (tests/e2e/run.sh); any failing test fails the run.
    if E2E_TESTS="$tests" bash tests/e2e/run.sh >"$log" 2>&1; then echo "$(wc -w <<<"$tests") 0"; else echo "0 1"; fi
    return
  fi
  # shellcheck disable=SC2046
  $(cmd_for "$kind") -- --exact $tests >"$log" 2>&1
  local rc=$? passed failed
  passed=$(grep -oE '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
  failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
  # A test binary that died without a summary (abort, signal) counts as a failure.
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "$passed $failed"
}

today=$(date -u +%Y-%m-%d)
# One row per entry, kept between runs: a rerun of one entry replaces its row only.
row() { local n=$1; shift; printf '%s\n' "$*" >"$log_dir/rows/$n"; }
status=0
start=$(date +%s)

for e in "${entries[@]}"; do
  IFS='|' read -r name kind tests control removes <<<"$e"
  # "21s-x" runs patch "21-x" with other tests (e.g. the system tests).
  patch=$(sed -E 's/^([0-9]+)[a-z]+-/\1-/' <<<"$name")
  wanted "$name" || continue
  n_tests=$(wc -w <<<"$tests")
  t0=$(date +%s)
  printf '\n== %s (%ss)\n' "$name" "$(( t0 - start ))"

  # 1. Without the patch every named test must pass (and every name must match a test).
  $(cmd_for "$kind") --no-run >"$log_dir/$name.base-build.log" 2>&1 \
    || { echo "baseline build failed: $log_dir/$name.base-build.log"; exit 2; }
  read -r p f < <(run_tests "$kind" "$tests" "$log_dir/$name.base.log")
  if [ "$f" -ne 0 ] || [ "$p" -ne "$n_tests" ]; then
    echo "baseline: $p of $n_tests passed, $f failed (see $log_dir/$name.base.log)"
    row "$name" "| $control | $removes | \`${tests// /\`, \`}\` | baseline fails ($p/$n_tests passed) | $today |"
    status=1
    continue
  fi

  # 2. With the patch: it must apply and compile, and a named test must fail.
  if ! git apply "$patches/$patch.patch"; then
    echo "the patch does not apply"
    row "$name" "| $control | $removes | – | patch does not apply | $today |"
    status=1
    continue
  fi
  applied=$patch
  if ! $(cmd_for "$kind") --no-run >"$log_dir/$name.build.log" 2>&1; then
    revert
    echo "the mutation does not compile: $log_dir/$name.build.log"
    row "$name" "| $control | $removes | – | mutation does not compile | $today |"
    status=1
    continue
  fi
  read -r p f < <(run_tests "$kind" "$tests" "$log_dir/$name.log")
  revert
  caught=$(grep -oE '^test [^ ]+ \.\.\. FAILED' "$log_dir/$name.log" | awk '{print $2}' | sort -u)
  [ "$kind" = e2e ] && caught=$(grep -oE '^not ok [0-9]+ - .*' "$log_dir/$name.log" | sed -E 's/^not ok [0-9]+ - //; s/ /_/g' | sort -u | head -3)
  [ -z "$caught" ] && caught=$(sed -n '/^failures:$/,/^test result/p' "$log_dir/$name.log" \
    | grep -E '^    [a-z_:]+$' | sed 's/^ *//' | sort -u)
  secs=$(( $(date +%s) - t0 ))
  if [ "$f" -gt 0 ]; then
    echo "killed in ${secs}s: $f of $n_tests failed: $(echo $caught)"
    names=$(echo $caught | sed 's/ /`, `/g')
    row "$name" "| $control | $removes | \`$names\` | killed ($f/$n_tests failed) | $today |"
  else
    echo "SURVIVED in ${secs}s: $p of $n_tests passed with the control removed"
    row "$name" "| $control | $removes | none of \`${tests// /\`, \`}\` | **survived** | $today |"
    status=1
  fi
done

{
  echo "# Mutation checks of the issue-8, issue-17 and issue-18 controls"
  echo
  echo "Made by \`bash tests/mutation/run.sh\` (a local tool, not part of CI) on $today at"
  echo "$(git rev-parse --short HEAD). For each control a patch in \`tests/mutation/patches/\`"
  echo "removes it; the named tests must pass without the patch and fail with it (a test"
  echo "failure: a patch that does not compile counts as an error). Logs: \`target/mutation/\`."
  [ ${#selected[@]} -gt 0 ] && { echo; echo "The last run covered only: ${selected[*]}; the other rows are from earlier runs."; }
  echo
  echo "| Control | What the patch removes | Test(s) that caught it | Result | Date |"
  echo "|---|---|---|---|---|"
  for e in "${entries[@]}"; do
    n=${e%%|*}
    if [ -f "$log_dir/rows/$n" ]; then cat "$log_dir/rows/$n"
    else echo "| ${e##*|} | – | – | not run yet | – |"; fi
  done
} >"$out"
printf '\nwrote %s (%ss); %s\n' "$out" "$(( $(date +%s) - start ))" \
  "$([ $status -eq 0 ] && echo 'every mutation was killed' || echo 'SOME MUTATION SURVIVED OR FAILED')"
exit $status
