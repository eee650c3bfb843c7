// English for the follow-up offer on the thank-you page; fetched only when needed.
const en: Record<string, string> = {
  'followup.title': 'Want to hear how your comment was handled?',
  'followup.lead': 'You may leave a phone number (optional). Once your comment has been dealt with, the office will call to tell you the outcome and hear what you think.',
  'followup.phone': 'Phone number',
  'followup.consent': 'I agree that the office may call me about how this comment was handled. The number is used only for that call and is never published with the appraisal.',
  'followup.submit': 'Send the number',
  'followup.busy': 'Sending…',
  'followup.done': 'We have your number. Once your comment has been dealt with, the office will call you with the outcome.',
  'followup.badPhone': 'That does not look like a phone number. Please check it.',
  'followup.already': 'A phone number was already left for this ballot.',
};

export default en;
