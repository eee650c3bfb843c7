// English for the inspector's pages; fetched only when English is chosen.
const en: Record<string, string> = {
  'inspect.nav.record': 'Record a visit',
  'inspect.nav.visits': 'My visits',
  'inspect.busy': 'Sending…',
  'inspect.waitPhotos': 'Uploading photos…',

  'inspect.record.title': 'Record a visit',
  'inspect.record.lead': 'Record each visit soon after: which body, where, when and how, what you saw, and photos from the spot.',
  'inspect.record.noCampaigns': 'There is no appraisal to record visits for.',
  'inspect.record.noUnits': 'Your account has no body to visit in this appraisal. Please ask the office.',
  'inspect.record.submit': 'Save the visit',
  'inspect.record.saved': 'Saved: {unit}, {date}, {n} finding(s).',
  'inspect.record.seeVisits': 'See my visits',

  'inspect.field.campaign': 'Appraisal',
  'inspect.field.unit': 'Body visited',
  'inspect.field.pickUnit': 'Choose a body',
  'inspect.field.place': 'Place or counter',
  'inspect.field.placeHint': 'e.g. service centre counter 3, the 12345 hotline',
  'inspect.field.date': 'Date of the visit',
  'inspect.field.kind': 'How',
  'inspect.field.summary': 'Overall (optional)',
  'inspect.field.summaryHint': 'e.g. Orderly counters, but long waits.',

  'inspect.findings.title': 'Problems found',
  'inspect.findings.lead': 'One entry per problem. If you found none, leave this part empty.',
  'inspect.findings.noCategories': 'The appraisal’s problem categories cannot be read just now: leave the problems unclassified; the office classifies them when it makes tasks of them.',
  'inspect.findings.n': 'Problem {n}',
  'inspect.findings.problem': 'Kind of problem',
  'inspect.findings.noProblem': 'Not classified',
  'inspect.findings.description': 'What you saw',
  'inspect.findings.descriptionHint': 'When, where, what happened: the more precise, the easier to check.',
  'inspect.findings.photos': 'Photos',
  'inspect.findings.add': 'Add another problem',
  'inspect.findings.remove': 'Remove problem {n}',

  'inspect.problem.campaign': 'Choose the appraisal.',
  'inspect.problem.unit': 'Choose the body visited.',
  'inspect.problem.date': 'Give the date of the visit.',
  'inspect.problem.future': 'The visit cannot be after today.',
  'inspect.problem.finding': 'A problem with photos needs a description too.',

  'inspect.visits.title': 'My visits',
  'inspect.visits.none': 'You have recorded no visit in this appraisal.',
  'inspect.visits.count': '{n} visit(s).',
  'inspect.visits.recorded': 'recorded {at}',
  'inspect.visits.task': 'Now task #{id}',
};

export default en;
