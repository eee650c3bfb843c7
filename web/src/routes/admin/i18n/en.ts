import type { AdminKey } from './zh-CN';

const en: Record<AdminKey, string> = {
  'admin.title': 'Appraisal console',
  'admin.placeholder': 'The console is being built.',
  'error.UNAUTHENTICATED': 'Please sign in first.',
  'error.FORBIDDEN': 'You are not allowed to do this.',
  'error.INVALID_CREDENTIALS': 'Wrong user name or password.',
  'error.CAMPAIGN_FROZEN': 'This appraisal is locked and cannot be changed.',
  'error.CAMPAIGN_KEY_TAKEN': 'This appraisal key is already taken.',
  'error.INVALID_STATUS_TRANSITION': 'The appraisal is not in a state that allows this.',
  'error.SPEC_INVALID': 'The appraisal set-up is not valid.',
  'error.UNIT_UNKNOWN': 'This graded body was not found.',
  'error.COMPONENT_UNKNOWN': 'This score component was not found.',
  'error.COMPONENT_NOT_ENTERED': 'Scores for this component have not been entered yet.',
  'error.QUESTIONNAIRE_UNKNOWN': 'This questionnaire was not found.',
  'error.GROUP_UNKNOWN': 'This respondent group was not found.',
  'error.BATCH_NOT_FOUND': 'This code batch was not found.',
  'error.BATCH_NOT_READY': 'This code batch is still being generated.',
  'error.BATCH_TOO_LARGE': 'This code batch is too large.',
  'error.BALLOT_NOT_FOUND': 'This ballot was not found.',
  'error.BALLOT_NOT_FLAGGED': 'This ballot is not flagged, so there is nothing to review.',
  'error.CSV_INVALID': 'The CSV file is not valid.',
  'error.USERNAME_TAKEN': 'This user name is already taken.',
};

export default en;
