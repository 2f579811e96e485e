/** How long a signed-in session lasts at most between two requests, whatever the IdP says (a working day). */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
