// The address bar: leaving for the provider, and losing the callback's parameters in place.
export const navigate = (url: string): void => location.assign(url);

export const replaceUrl = (url: string): void => history.replaceState(history.state, '', url);
