/**
 * English, the source catalogue: every other language has exactly these keys and placeholders.
 * Placeholders are written {{ name }}.
 */
export const en = {
  app: {
    name: 'Remote Help',
    loading: 'Loading…',
    startFailed: 'Remote Help could not start: {{ reason }}',
  },
  signIn: {
    heading: 'Remote Help',
    intro: 'Get help from your IT support, or give help to a colleague. Sign in with your work account.',
    button: 'Sign in',
    signingIn: 'Signing in…',
    failed: 'Sign-in did not complete. Try again.',
    devNotice: 'Development sign-in: this server uses its built-in test identity provider.',
  },
  header: {
    signOut: 'Sign out',
    signedInAs: 'Signed in as {{ name }}',
  },
  home: {
    heading: 'What would you like to do?',
    giveHelp: 'Give help',
    giveHelpHint: 'Help someone in your organisation by viewing or controlling their screen.',
    getHelp: 'Get help',
    getHelpHint: 'Let a helper from your IT support see your screen.',
  },
  give: {
    heading: 'Give help',
    intro: 'Get a security code and give it to the person you are helping. They enter it under Get help.',
    getCode: 'Get a security code',
    requesting: 'Getting a code…',
    codeLabel: 'Security code',
    expiresIn: 'Expires in {{ time }}',
    expired: 'This code has expired. Get a new one.',
    cancelled: 'The code was cancelled.',
    cancel: 'Cancel code',
    newCode: 'Get a new code',
    copyLink: 'Copy join link',
    linkCopied: 'Join link copied.',
    copyFailed: 'Could not copy. The link is: {{ link }}',
    waiting: 'Waiting for the other person to enter the code…',
    back: 'Back',
  },
  get: {
    heading: 'Get help',
    intro: 'Enter the security code that your helper gave you.',
    codeLabel: 'Security code',
    codeHint: '8 letters and digits. Spaces and dashes do not matter.',
    submit: 'Submit',
    submitting: 'Checking the code…',
    back: 'Back',
  },
  session: {
    youAreHelping: 'You are helping',
    helpingYou: 'Helping you',
    paired: 'Connected with {{ name }}.',
    permittedModes: 'Allowed in this session: {{ modes }}',
    done: 'Done',
  },
  mode: {
    view: 'View only',
    control: 'Full control',
    elevation: 'Elevation',
  },
  card: {
    photoAlt: 'Picture of {{ name }}',
    verified: 'Verified domain',
    unverified: 'Domain not verified — be careful',
  },
  errors: {
    invalid_request: 'The request was not understood. Reload the page and try again.',
    not_found: 'That was not found.',
    unauthenticated: 'Your sign-in has expired. Sign in again.',
    forbidden: 'Your roles do not allow this.',
    not_in_directory: 'Your account is not in the organisation directory. Contact your IT department.',
    rate_limited: 'Too many requests. Wait a moment and try again.',
    payload_too_large: 'That is too large to send.',
    code_malformed: 'A security code has 8 letters and digits.',
    code_unknown: 'No such security code. Check it with the person helping you.',
    code_expired: 'This security code has expired. Ask your helper for a new one.',
    code_used: 'This security code has already been used. Ask your helper for a new one.',
    code_cancelled: 'Your helper cancelled this security code. Ask for a new one.',
    code_other_tenant:
      'This security code belongs to another organisation. You can only get help from your own organisation.',
    helper_not_permitted: 'The person who made this code is no longer allowed to give help.',
    redeem_locked: 'Too many wrong security codes. You can try again at {{ time }}.',
    address_locked: 'Too many wrong security codes from this network. You can try again at {{ time }}.',
    too_many_codes: 'You have too many security codes waiting. Cancel one first.',
    unknown_message: 'The server did not understand a message from this app. Reload the page.',
    internal: 'Something went wrong on the server. Try again.',
    network: 'The server cannot be reached. Check your connection and try again.',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every catalogue has. */
export type Catalogue = Widen<typeof en>;
