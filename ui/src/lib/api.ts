// Typed wrapper around the Tauri IPC commands of Tryggplan.
//
// Every function either resolves with the typed result or rejects with an
// `IpcError` ({ kind, message }). `message` is a Swedish sentence that can be
// shown to the user as it is. A plain string is Tauri's own refusal of the call
// (a command the capability doesn't allow, an unknown command, arguments of the
// wrong shape: the call never reached the app's code) and becomes kind "ipc";
// anything else unexpected (a thrown Error, no Tauri runtime at all) becomes
// kind "internal".

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { CaseSummary } from './bindings/CaseSummary';
import type { ChildException } from './bindings/ChildException';
import type { ChildInput } from './bindings/ChildInput';
import type { ConsentId } from './bindings/ConsentId';
import type { ConsentInput } from './bindings/ConsentInput';
import type { ConsentOverview } from './bindings/ConsentOverview';
import type { RuleDates } from './bindings/RuleDates';
import type { DocumentRequest } from './bindings/DocumentRequest';
import type { Offer } from './bindings/Offer';
import type { Preview } from './bindings/Preview';
import type { NoticeId } from './bindings/NoticeId';
import type { OverrideInput } from './bindings/OverrideInput';
import type { Withdrawal } from './bindings/Withdrawal';
import type { CaseDetail } from './bindings/CaseDetail';
import type { CaseId } from './bindings/CaseId';
import type { ContactInput } from './bindings/ContactInput';
import type { FollowUpInput } from './bindings/FollowUpInput';
import type { FrozenAs } from './bindings/FrozenAs';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { MeetingInput } from './bindings/MeetingInput';
import type { NewCase } from './bindings/NewCase';
import type { NewSip } from './bindings/NewSip';
import type { ParticipantId } from './bindings/ParticipantId';
import type { ParticipantInput } from './bindings/ParticipantInput';
import type { InviteDecision } from './bindings/InviteDecision';
import type { PersonParticipantInput } from './bindings/PersonParticipantInput';
import type { PersonParticipantId } from './bindings/PersonParticipantId';
import type { PersonId } from './bindings/PersonId';
import type { PersonInput } from './bindings/PersonInput';
import type { PlanContent } from './bindings/PlanContent';
import type { PlanVersionId } from './bindings/PlanVersionId';
import type { Preparation } from './bindings/Preparation';
import type { RelationId } from './bindings/RelationId';
import type { RelationInput } from './bindings/RelationInput';
import type { SipDetail } from './bindings/SipDetail';
import type { SipId } from './bindings/SipId';
import type { TransitionInput } from './bindings/TransitionInput';
import type { Unit } from './bindings/Unit';
import type { Organisation } from './bindings/Organisation';
import type { OrganisationId } from './bindings/OrganisationId';
import type { UnitInput } from './bindings/UnitInput';
import type { Vocabulary } from './bindings/Vocabulary';
import type { Correction } from './bindings/Correction';
import type { ReportDecision } from './bindings/ReportDecision';
import type { RiskInput } from './bindings/RiskInput';
import type { RiskOverview } from './bindings/RiskOverview';
import type { SamradAcceptance } from './bindings/SamradAcceptance';
import type { SamradCorrection } from './bindings/SamradCorrection';
import type { SamradInput } from './bindings/SamradInput';
import type { SamradOverview } from './bindings/SamradOverview';
import type { SamradPdf } from './bindings/SamradPdf';
import type { SamradSummaryCheck } from './bindings/SamradSummaryCheck';
import type { SamradConsentInput } from './bindings/SamradConsentInput';
import type { Deviation } from './bindings/Deviation';
import type { DeviationHit } from './bindings/DeviationHit';
import type { DeviationInput } from './bindings/DeviationInput';
import type { DeviationStatus } from './bindings/DeviationStatus';
import type { PerpetratorRelation } from './bindings/PerpetratorRelation';
import type { Report } from './bindings/Report';
import type { ViolenceAnswer } from './bindings/ViolenceAnswer';
import type { ChainCheck } from './bindings/ChainCheck';
import type { DueCase } from './bindings/DueCase';
import type { Gallrat } from './bindings/Gallrat';
import type { LogFilter } from './bindings/LogFilter';
import type { LogPage } from './bindings/LogPage';
import type { RetentionOverview } from './bindings/RetentionOverview';
import type { BackupReceipt } from './bindings/BackupReceipt';
import type { BackupStatus } from './bindings/BackupStatus';
import type { ProfileCreated } from './bindings/ProfileCreated';
import type { RecoveryKeyView } from './bindings/RecoveryKeyView';
import type { Progress } from './bindings/Progress';
import type { ErrorKind } from './bindings/ErrorKind';
import type { IpcError } from './bindings/IpcError';
import type { LockedEvent } from './bindings/LockedEvent';
import type { LockReason } from './bindings/LockReason';
import type { SessionStatus } from './bindings/SessionStatus';
import type { ProfileKind } from './bindings/ProfileKind';
import type { Settings } from './bindings/Settings';
import type { DetailsCheck } from './bindings/DetailsCheck';
import type { NewCaseCheck } from './bindings/NewCaseCheck';
import type { PersonField } from './bindings/PersonField';
import type { DetailsField } from './bindings/DetailsField';
import type { DetailsProblem } from './bindings/DetailsProblem';
import type { WorkerDetails } from './bindings/WorkerDetails';
import type { WorkerDetailsInput } from './bindings/WorkerDetailsInput';

export type {
  BackupReceipt,
  BackupStatus,
  ProfileCreated,
  RecoveryKeyView,
  Progress,
  ChainCheck,
  DueCase,
  Gallrat,
  LogFilter,
  LogPage,
  RetentionOverview,
  Deviation,
  DeviationHit,
  DeviationInput,
  DeviationStatus,
  PerpetratorRelation,
  Report,
  ViolenceAnswer,
  SamradAcceptance,
  SamradCorrection,
  SamradInput,
  SamradOverview,
  SamradPdf,
  SamradSummaryCheck,
  Correction,
  ReportDecision,
  RiskInput,
  RiskOverview,
  ConsentOverview,
  DocumentRequest,
  Offer,
  Preview,
  CaseDetail,
  CaseId,
  CaseSummary,
  ErrorKind,
  HistoryEntry,
  IpcError,
  LockedEvent,
  PersonInput,
  PlanContent,
  SessionStatus,
  ProfileKind,
  Settings,
  DetailsCheck,
  NewCaseCheck,
  PersonField,
  DetailsField,
  DetailsProblem,
  WorkerDetails,
  WorkerDetailsInput,
  SipDetail,
  SipId,
  Unit,
  Organisation,
  Vocabulary,
};

// The one normalisation of every rejection (ipcerror.ts; tested by the shell's
// `every_rejection_the_ui_sees_is_typed`).
import { isIpcError, toIpcError } from './ipcerror';
export { INTERNAL_ERROR_MESSAGE, IPC_ERROR_MESSAGE, isIpcError, toIpcError } from './ipcerror';

/**
 * What a failed call means for a screen: when the session locked, `onLocked` is called (the
 * app shows the unlock screen; forms keep their drafts) and the result is null; otherwise the
 * typed error to show.
 */
export function failureOf(error: unknown, onLocked: () => void): IpcError | null {
  if (isLockedError(error)) {
    onLocked();
    return null;
  }
  return toIpcError(error);
}

/** True when the error means the session is locked (the UI must show the unlock screen). */
export function isLockedError(value: unknown): boolean {
  return isIpcError(value) && value.kind === 'locked';
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

export function sessionStatus(): Promise<SessionStatus> {
  return call<SessionStatus>('session_status');
}

/** First start: creates the database and the recovery key (shown once). */
export function setupPassphrase(passphrase: string, confirmation: string): Promise<ProfileCreated> {
  return call<ProfileCreated>('setup_passphrase', { passphrase, confirmation });
}

export function unlock(passphrase: string): Promise<SessionStatus> {
  return call<SessionStatus>('unlock', { passphrase });
}

/** Locks. `handover`: the unsaved input and route (drafts.svelte.ts `handoverJson`), kept by
 * the shell until the next unlock; the shell then replaces the page. */
export function lock(handover?: string): Promise<SessionStatus> {
  return call<SessionStatus>('lock', { handover: handover ?? null });
}

/** After a lock the shell forced (idle, screen lock, suspend): the drafts, within its short
 * wait before it replaces the page. */
export function handOverDrafts(drafts: string): Promise<void> {
  return call<void>('hand_over_drafts', { drafts });
}

/** For the lock screen: why the last lock came, and whether unsaved input is waiting. */
export interface LockNotice {
  reason: LockReason | null;
  draftsWaiting: boolean;
}

export function lockNotice(): Promise<LockNotice> {
  return call<LockNotice>('lock_notice');
}

/** Issue 19: opens the practice profile (made with invented cases the first time). The open
 * profile is locked first; if it was open the shell replaces the page. `handover`: the real
 * profile's unsaved input, kept for its next unlock (never shown in practice). */
export function enterPractice(handover?: string): Promise<SessionStatus> {
  return call<SessionStatus>('enter_practice', { handover: handover ?? null });
}

/** Issue 19: closes the practice profile; the real profile opens through its own unlock. */
export function leavePractice(): Promise<SessionStatus> {
  return call<SessionStatus>('leave_practice');
}

/** Issue 19: removes the practice profile and makes it anew (in practice only). */
export function resetPractice(): Promise<SessionStatus> {
  return call<SessionStatus>('reset_practice');
}

/** The mark on every screen (and every printed page) of the practice profile. */
export const PRACTICE_MARK = 'ÖVNING – inte verkliga uppgifter';

/** After an unlock, once: the drafts and route handed over at the lock (null if none). */
export function takeDrafts(): Promise<string | null> {
  return call<string | null>('take_drafts');
}

export function listCases(query: string): Promise<CaseSummary[]> {
  return call<CaseSummary[]>('list_cases', { query });
}

export function getVocabulary(): Promise<Vocabulary> {
  return call<Vocabulary>('get_vocabulary');
}

/** The dates the rules give from an ISO date (issue 20): a consent's default end date, the next
 *  risk reassessment's suggestion and bounds. The UI computes none of them. */
export function getRuleDates(from: string): Promise<RuleDates> {
  return call<RuleDates>('get_rule_dates', { from });
}

/** The new-case form as typed: every problem, each for its field (nothing is written). */
export function checkNewCase(newCase: NewCase): Promise<NewCaseCheck> {
  return call<NewCaseCheck>('check_new_case', { new: newCase });
}

export function createCase(newCase: NewCase): Promise<CaseId> {
  return call<CaseId>('create_case', { new: newCase });
}

export function getCase(caseId: CaseId): Promise<CaseDetail> {
  return call<CaseDetail>('get_case', { caseId });
}

/** "Öppna akten": records the open in the case's access history and resolves with the full
 * case; the core shows it until the app locks. */
export function openCaseRecord(caseId: CaseId): Promise<CaseDetail> {
  return call<CaseDetail>('open_case_record', { caseId });
}

/** True when the core refused because a protected case's record is not opened in this session. */
export function isNotOpenedError(value: unknown): boolean {
  return isIpcError(value) && value.kind === 'notOpened';
}

/** Adds a person (personId null) or changes one; resolves with the case as it is now. */
export function savePerson(caseId: CaseId, personId: PersonId | null, person: PersonInput): Promise<CaseDetail> {
  return call<CaseDetail>('save_person', { caseId, personId, person });
}

export function addRelation(caseId: CaseId, relation: RelationInput): Promise<CaseDetail> {
  return call<CaseDetail>('add_relation', { caseId, relation });
}

export function removeRelation(caseId: CaseId, relationId: RelationId): Promise<CaseDetail> {
  return call<CaseDetail>('remove_relation', { caseId, relationId });
}

/** The history of a case; with null, the history of the directory and settings. */
export function getHistory(caseId: CaseId | null): Promise<HistoryEntry[]> {
  return call<HistoryEntry[]>('get_history', { caseId });
}

export function listActors(): Promise<Unit[]> {
  return call<Unit[]>('list_actors');
}

export function saveUnit(unit: UnitInput): Promise<Unit[]> {
  return call<Unit[]>('save_unit', { unit });
}

export function saveContact(contact: ContactInput): Promise<Unit[]> {
  return call<Unit[]>('save_contact', { contact });
}

/** The directory's organisations (e.g. "Region Dalarna"), by name. */
export function listOrganisations(): Promise<Organisation[]> {
  return call<Organisation[]>('list_organisations');
}

/** Adds (id null) or renames an organisation; returns them all. */
export function saveOrganisation(id: OrganisationId | null, name: string): Promise<Organisation[]> {
  return call<Organisation[]>('save_organisation', { id, name });
}

export function createSip(newSip: NewSip): Promise<SipDetail> {
  return call<SipDetail>('create_sip', { new: newSip });
}

export function getSip(sipId: SipId): Promise<SipDetail> {
  return call<SipDetail>('get_sip', { sipId });
}

export function savePreparation(sipId: SipId, preparation: Preparation): Promise<SipDetail> {
  return call<SipDetail>('save_preparation', { sipId, preparation });
}

export function addParticipant(sipId: SipId, participant: ParticipantInput): Promise<SipDetail> {
  return call<SipDetail>('add_participant', { sipId, participant });
}

export function checkParticipant(sipId: SipId, participant: ParticipantInput): Promise<InviteDecision> {
  return call<InviteDecision>('check_participant', { sipId, participant });
}

export function checkPersonParticipant(sipId: SipId, personId: PersonId): Promise<InviteDecision> {
  return call<InviteDecision>('check_person_participant', { sipId, personId });
}

export function addPersonParticipant(sipId: SipId, input: PersonParticipantInput): Promise<SipDetail> {
  return call<SipDetail>('add_person_participant', { sipId, input });
}

export function removePersonParticipant(sipId: SipId, id: PersonParticipantId): Promise<SipDetail> {
  return call<SipDetail>('remove_person_participant', { sipId, id });
}

export function removeParticipant(sipId: SipId, participantId: ParticipantId): Promise<SipDetail> {
  return call<SipDetail>('remove_participant', { sipId, participantId });
}

export function saveMeeting(sipId: SipId, meeting: MeetingInput): Promise<SipDetail> {
  return call<SipDetail>('save_meeting', { sipId, meeting });
}

export function transitionSip(sipId: SipId, transition: TransitionInput): Promise<SipDetail> {
  return call<SipDetail>('transition_sip', { sipId, transition });
}

export function savePlan(sipId: SipId, plan: PlanContent): Promise<SipDetail> {
  return call<SipDetail>('save_plan', { sipId, plan });
}

export function freezePlan(sipId: SipId, versionId: PlanVersionId, how: FrozenAs): Promise<SipDetail> {
  return call<SipDetail>('freeze_plan', { sipId, versionId, how });
}

export function recordFollowUp(sipId: SipId, followUp: FollowUpInput): Promise<SipDetail> {
  return call<SipDetail>('record_follow_up', { sipId, followUp });
}

export function getConsent(sipId: SipId): Promise<ConsentOverview> {
  return call<ConsentOverview>('get_consent', { sipId });
}

/** Records a consent. `ownUnitReason`: why the worker's own unit is left out of it (the core
 * refuses to leave it out without one, and writes it in the case history). `supersedes`
 * ("Ändra samtycke"): the record in force that the new one replaces. */
export function recordConsent(
  sipId: SipId,
  consent: ConsentInput,
  ownUnitReason: string | null = null,
  supersedes: ConsentId | null = null,
): Promise<ConsentOverview> {
  return call<ConsentOverview>('record_consent', { sipId, consent, ownUnitReason, supersedes });
}

export function withdrawConsent(sipId: SipId, consentId: ConsentId, withdrawal: Withdrawal): Promise<ConsentOverview> {
  return call<ConsentOverview>('withdraw_consent', { sipId, consentId, withdrawal });
}

export function tickConsentNotice(sipId: SipId, noticeId: NoticeId, toldOn: string): Promise<ConsentOverview> {
  return call<ConsentOverview>('tick_consent_notice', { sipId, noticeId, toldOn });
}

export function saveChildConsent(sipId: SipId, child: ChildInput): Promise<ConsentOverview> {
  return call<ConsentOverview>('save_child_consent', { sipId, child });
}

export function addChildException(sipId: SipId, exception: ChildException): Promise<ConsentOverview> {
  return call<ConsentOverview>('add_child_exception', { sipId, exception });
}

export function recordConsentOverride(sipId: SipId, disclosure: OverrideInput): Promise<ConsentOverview> {
  return call<ConsentOverview>('record_consent_override', { sipId, disclosure });
}

export function setSipWarningDays(days: number): Promise<Settings> {
  return call<Settings>('set_sip_warning_days', { days });
}

export function setOrganisationName(name: string): Promise<Settings> {
  return call<Settings>('set_organisation_name', { name });
}

/** The worker's details as typed: the core's problem for each field, and what the documents
 * will say (nothing is stored). */
export function checkWorkerDetails(details: WorkerDetailsInput): Promise<DetailsCheck> {
  return call<DetailsCheck>('check_worker_details', { details });
}

/** Saves the worker's details and adds the worker's own unit to the directory. */
export function saveWorkerDetails(details: WorkerDetailsInput): Promise<Settings> {
  return call<Settings>('save_worker_details', { details });
}

export function listDocuments(sipId: SipId): Promise<Offer[]> {
  return call<Offer[]>('list_documents', { sipId });
}

export function previewDocument(request: DocumentRequest): Promise<Preview> {
  return call<Preview>('preview_document', { request });
}

/** Opens the save dialog; resolves with the saved file's name, or null when cancelled. */
export function exportDocument(request: DocumentRequest): Promise<string | null> {
  return call<string | null>('export_document', { request });
}

export function getSettings(): Promise<Settings> {
  return call<Settings>('get_settings');
}

export function setAutoLockMinutes(minutes: number): Promise<Settings> {
  return call<Settings>('set_auto_lock_minutes', { minutes });
}

export function reportFirstPaint(marks: { script: number; status: number; rendered: number }): Promise<void> {
  return call<void>('report_first_paint', marks);
}

/**
 * Listens for the backend's `session-locked` event. Resolves with a function
 * that stops listening. Rejects with an IpcError if listening is impossible.
 */
export async function onSessionLocked(handler: (event: LockedEvent) => void): Promise<() => void> {
  try {
    return await listen<LockedEvent>('session-locked', (event) => handler(event.payload));
  } catch (error) {
    throw toIpcError(error);
  }
}

// ---- Risk assessments and the duty to report (issue 6) ----

export function getRisk(caseId: CaseId): Promise<RiskOverview> {
  return call<RiskOverview>('get_risk', { caseId });
}

/** Records an assessment, or with `correction` a corrected version of one (the old one stays). */
export function saveRisk(caseId: CaseId, risk: RiskInput, correction: Correction | null): Promise<RiskOverview> {
  return call<RiskOverview>('save_risk', { caseId, risk, correction });
}

/** Records that an orosanmälan was made for a child, or why none is made. */
export function recordReport(caseId: CaseId, childId: PersonId, decision: ReportDecision): Promise<CaseDetail> {
  return call<CaseDetail>('record_report', { caseId, childId, decision });
}

// ---- Samråd: the log, the de-identified summary and its PDF (issue 6) ----

export function getSamrad(caseId: CaseId): Promise<SamradOverview> {
  return call<SamradOverview>('get_samrad', { caseId });
}

/** The case's de-identified summary now, with the question and every scanner hit in it. */
export function checkSamradSummary(caseId: CaseId, question: string, accepted: SamradAcceptance[]): Promise<SamradSummaryCheck> {
  return call<SamradSummaryCheck>('check_samrad_summary', { caseId, question, accepted });
}

/** Records a consultation, or with `correction` a corrected version of one (the old one stays). */
export function recordSamrad(caseId: CaseId, samrad: SamradInput, correction: SamradCorrection | null): Promise<SamradOverview> {
  return call<SamradOverview>('record_samrad', { caseId, samrad, correction });
}

/** Records a person's own consent to samråd (not a SIP consent); returns the tab. */
export function recordSamradConsent(caseId: CaseId, consent: SamradConsentInput): Promise<SamradOverview> {
  return call<SamradOverview>('record_samrad_consent', { caseId, consent });
}

/** Withdraws a samråd consent; the tab then holds its checklist of organisations to tell. */
export function withdrawSamradConsent(caseId: CaseId, consentId: number, withdrawal: Withdrawal): Promise<SamradOverview> {
  return call<SamradOverview>('withdraw_samrad_consent', { caseId, consentId, withdrawal });
}

/** Ticks an organisation on a samråd consent's withdrawal checklist as told. */
export function tickSamradConsentNotice(caseId: CaseId, noticeId: number, toldOn: string): Promise<SamradOverview> {
  return call<SamradOverview>('tick_samrad_consent_notice', { caseId, noticeId, toldOn });
}

export function previewSamradPdf(request: SamradPdf): Promise<Preview> {
  return call<Preview>('preview_samrad_pdf', { request });
}

/** Opens the save dialog; resolves with the saved file's name, or null when cancelled. */
export function exportSamradPdf(request: SamradPdf): Promise<string | null> {
  return call<string | null>('export_samrad_pdf', { request });
}

// ---- Follow-up and statistics (issue 7) ----

/** The de-identified report for a period (ISO dates, both included). */
export function getStatistics(from: string, to: string): Promise<Report> {
  return call<Report>('get_statistics', { from, to });
}

export function setStatisticsThreshold(threshold: number): Promise<number> {
  return call<number>('set_statistics_threshold', { threshold });
}

/** Opens the save dialog; resolves with the saved file's name, or null when cancelled. */
export function exportStatisticsCsv(from: string, to: string): Promise<string | null> {
  return call<string | null>('export_statistics_csv', { from, to });
}

export function previewStatisticsPdf(from: string, to: string): Promise<Preview> {
  return call<Preview>('preview_statistics_pdf', { from, to });
}

/** Opens the save dialog; resolves with the saved file's name, or null when cancelled. */
export function exportStatisticsPdf(from: string, to: string): Promise<string | null> {
  return call<string | null>('export_statistics_pdf', { from, to });
}

export function listDeviations(): Promise<Deviation[]> {
  return call<Deviation[]>('list_deviations');
}

/** The identifier scanner's hits in a deviation's description, before saving. */
export function checkDeviation(description: string, accepted: string[]): Promise<DeviationHit[]> {
  return call<DeviationHit[]>('check_deviation', { description, accepted });
}

export function recordDeviation(deviation: DeviationInput): Promise<Deviation[]> {
  return call<Deviation[]>('record_deviation', { deviation });
}

export function setDeviationStatus(id: number, status: DeviationStatus): Promise<Deviation[]> {
  return call<Deviation[]>('set_deviation_status', { id, status });
}

export function getViolenceAnswers(caseId: CaseId): Promise<ViolenceAnswer[]> {
  return call<ViolenceAnswer[]>('get_violence_answers', { caseId });
}

export function answerViolenceBy(
  caseId: CaseId,
  person: PersonId,
  perpetrator: PersonId | null,
  relation: PerpetratorRelation,
): Promise<ViolenceAnswer[]> {
  return call<ViolenceAnswer[]>('answer_violence_by', { caseId, person, perpetrator, relation });
}

// ---- The records' safekeeping: the log and gallring (issue 8) ----

/** Checks every link of the history's hash chain. */
export function verifyHistory(): Promise<ChainCheck> {
  return call<ChainCheck>('verify_history');
}

export function searchLog(filter: LogFilter): Promise<LogPage> {
  return call<LogPage>('search_log', { filter });
}

/** Opens the save dialog; resolves with the saved file's name, or null when cancelled. */
export function exportLogCsv(filter: LogFilter): Promise<string | null> {
  return call<string | null>('export_log_csv', { filter });
}

export function getRetention(): Promise<RetentionOverview> {
  return call<RetentionOverview>('get_retention');
}

export function setRetentionYears(years: number): Promise<RetentionOverview> {
  return call<RetentionOverview>('set_retention_years', { years });
}

/** Deletes a due case for good; `confirm` is its reference as the worker typed it. */
export function gallraCase(caseId: CaseId, confirm: string): Promise<Gallrat> {
  return call<Gallrat>('gallra_case', { caseId, confirm });
}

// ---- Keys and backups (issue 8) ----

/** Saves the recovery sheet (PDF) of the key shown; resolves with the file name, or null. */
export function exportRecoverySheet(recoveryKey: string): Promise<string | null> {
  return call<string | null>('export_recovery_sheet', { recoveryKey });
}

/** A new recovery key; the old sheet stops working. */
export function newRecoveryKey(passphrase: string): Promise<RecoveryKeyView> {
  return call<RecoveryKeyView>('new_recovery_key', { passphrase });
}

export function changePassphrase(old: string, next: string, confirmation: string): Promise<void> {
  return call<void>('change_passphrase', { old, new: next, confirmation });
}

/** "Glömt lösenfrasen": opens with the recovery key and sets a new passphrase. */
export function recoverWithKey(recoveryKey: string, passphrase: string, confirmation: string): Promise<SessionStatus> {
  return call<SessionStatus>('recover_with_key', { recoveryKey, passphrase, confirmation });
}

export function backupStatus(): Promise<BackupStatus> {
  return call<BackupStatus>('backup_status');
}

export function setBackupReminderDays(days: number): Promise<BackupStatus> {
  return call<BackupStatus>('set_backup_reminder_days', { days });
}

/** Opens the save dialog and makes the backup; null when cancelled. */
export function createBackup(): Promise<BackupReceipt | null> {
  return call<BackupReceipt | null>('create_backup');
}

/** The backup's progress while it runs. */
export function onBackupProgress(handler: (p: Progress) => void): Promise<() => void> {
  return listen<Progress>('backup-progress', (e) => handler(e.payload));
}

/** "Återställ från säkerhetskopia": the native open dialog; the file name chosen, or null. */
export function chooseBackupFile(): Promise<string | null> {
  return call<string | null>('choose_backup_file');
}

/** Restores the chosen backup into a new profile and opens it; the new recovery key comes back once. */
export function restoreBackup(
  withRecoveryKey: boolean,
  secret: string,
  newPassphrase: string,
  confirmation: string,
): Promise<ProfileCreated> {
  return call<ProfileCreated>('restore_backup', { withRecoveryKey, secret, newPassphrase, confirmation });
}

/** The restore's progress while it runs. */
export function onRestoreProgress(handler: (p: Progress) => void): Promise<() => void> {
  return listen<Progress>('restore-progress', (e) => handler(e.payload));
}

/** A copy out of the app: on the clipboard, cleared after 30 s and at every lock. */
export function copyText(text: string): Promise<void> {
  return call<void>('copy_text', { text });
}
