/** The escalation rules: ladder, cascade, restore and forget rules, as pure functions. */
package org.saslfail.core.policy;
