package org.idvbatch.provider;

/** Builds the result client of one provider for one account; one implementation per provider. */
public interface ResultClientFactory {

    Provider provider();

    ResultClient create(String accountName, ProviderProperties.AccountSettings account);
}
