/** Scoring's use cases for other domains (notices, interchange, the CLI). */
export { computeScores, explainScores, getRankings, periodOf, scoreSeries, whatIf } from './rankings';
export { loadScoreEvents, loadScope, ledgerEvent } from './events';
export { createLedgerEntry, withdrawLedgerEntry, correctLedgerEntry, listLedgerEntries, uploadLedgerEvidence, ledgerEvidenceBlobs } from './ledger';
export { createRubric, saveRubricDraft, adoptRubricDraft, getRubric, listRubrics, loadRubric } from './rubrics';
